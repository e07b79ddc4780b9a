using Harmony.Identity.Server.Features.Jobs;
using Harmony.Identity.Server.Features.MyAccount;

namespace Harmony.Identity.Tests.Features.MyAccount;

/// <summary>Decision 0031: the token-pruning job deletes the records of sessions that ended before its retention.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class SessionPruningTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>The job runs over the whole database, as the other job tests do.</summary>
    protected override string Group => ServerGroups.Jobs;

    [Test]
    public async Task TokenPruning_DeletesSessionsRevokedOrIdleBeforeTheRetention_AndKeepsLiveAndRecentOnes()
    {
        var employee = await app.CreateEmployeeAsync();
        var now = app.Time.GetUtcNow();
        var old = now - TimeSpan.FromDays(15);
        AccountSession Session(DateTimeOffset lastSeen, DateTimeOffset? revoked) =>
            new() { UserId = employee.Id, CreatedAt = lastSeen, LastSeenAt = lastSeen, RevokedAt = revoked };
        var oldRevoked = Session(old, old);
        var oldIdle = Session(old, null);
        var live = Session(now, null);
        var recentlyRevoked = Session(now - TimeSpan.FromHours(1), now - TimeSpan.FromHours(1));
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.Set<AccountSession>().AddRange(oldRevoked, oldIdle, live, recentlyRevoked);
            return await db.SaveChangesAsync();
        });

        var result = await app.WithServicesAsync(services => services.GetRequiredService<TokenPruningJob>().RunAsync());

        var left = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .Where(s => s.UserId == employee.Id).Select(s => s.Id).ToListAsync());
        Assert.That(result.Sessions, Is.EqualTo(2));
        Assert.That(left, Is.EquivalentTo(new[] { live.Id, recentlyRevoked.Id }));

        // Leaves nothing behind for the other job tests, which count what a run over the whole database removes.
        await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .Where(s => s.UserId == employee.Id).ExecuteDeleteAsync());
    }
}
