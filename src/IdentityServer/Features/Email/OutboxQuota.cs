namespace Harmony.Identity.Server.Features.Email;

/// <summary>How many emails of one kind an account was sent in the last day and in a shorter window.</summary>
public readonly record struct SentCount(int LastDay, int Window);

/// <summary>
/// Per-account email limits (second-factor codes, recovery emails) counted from the outbox, which every node shares,
/// so that a limit holds across nodes and restarts. The outbox must keep its rows for at least a day.
/// </summary>
public static class OutboxQuota
{
    public static async Task<SentCount> SentAsync(
        this HarmonyDbContext db, Guid userId, string kind, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var dayAgo = now - TimeSpan.FromDays(1);
        var windowStart = now - window;
        var sent = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.UserId == userId && m.Kind == kind && m.CreatedAt > dayAgo)
            .GroupBy(m => m.UserId)
            .Select(g => new SentCount(g.Count(), g.Count(m => m.CreatedAt > windowStart)))
            .SingleOrDefaultAsync(cancellationToken);
        return sent;
    }
}
