namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>One sign-in or failed attempt as the My account page lists it, read from the audit log.</summary>
public sealed record SignInRecord(DateTimeOffset At, bool Succeeded, string? Reason, string? IpAddress, string? UserAgent);

/// <summary>
/// The employee's recent sign-ins (decision 0031): the last <see cref="SuccessCount"/> successful ones, and every failed
/// attempt (a wrong password, a wrong code, one while locked) since the last success, the newest first, at most
/// <see cref="FailureLimit"/> of them.
/// </summary>
public sealed class RecentSignIns(HarmonyDbContext db)
{
    public const int SuccessCount = 10;
    public const int FailureLimit = 50;

    private static readonly string[] FailureEvents = [AuditEvents.SignInFailed, AuditEvents.SecondFactorFailed];

    public async Task<(IReadOnlyList<SignInRecord> Successes, IReadOnlyList<SignInRecord> FailuresSinceLastSuccess)> ReadAsync(
        Guid userId, CancellationToken cancellationToken = default)
    {
        var successes = await Of(userId).Where(a => a.Event == AuditEvents.SignInSucceeded).Take(SuccessCount).ToListAsync(cancellationToken);
        // Audit ids grow with time: "since the last success" is "after its id", whatever the clock said.
        var lastSuccessId = successes.Count > 0 ? successes[0].Id : 0;
        var failures = await Of(userId).Where(a => FailureEvents.Contains(a.Event) && a.Id > lastSuccessId).Take(FailureLimit)
            .ToListAsync(cancellationToken);
        return (successes.Select(Record).ToList(), failures.Select(Record).ToList());
    }

    private IQueryable<AuditEvent> Of(Guid userId) =>
        db.AuditEvents.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.Id);

    private static SignInRecord Record(AuditEvent a) =>
        new(a.OccurredAt, a.Event == AuditEvents.SignInSucceeded, a.Reason, a.IpAddress, a.UserAgent);
}
