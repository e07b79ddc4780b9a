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

/// <summary>
/// Decision 0035: when refresh tokens outlive the retention, a session's record, revoked or idle, stays as long as they
/// do, so that a refresh token obtained in it still finds its record.
/// </summary>
public sealed class SessionPruningWithLongRefreshTokensTests : AppFixture
{
    protected override IDictionary<string, string?>? Settings =>
        new Dictionary<string, string?> { ["Harmony:Server:RefreshTokenLifetime"] = "30.00:00:00" };

    [Test]
    public async Task SessionRecords_RevokedOrIdle_AreKeptForTheRefreshTokenLifetime_WhenItIsLongerThanTheRetention()
    {
        var employee = await app.CreateEmployeeAsync();
        var now = app.Time.GetUtcNow();
        AccountSession Session(TimeSpan ago, bool revoked) => new()
        {
            UserId = employee.Id, CreatedAt = now - ago, LastSeenAt = now - ago, RevokedAt = revoked ? now - ago : null,
        };
        var revokedWithinTheLifetime = Session(TimeSpan.FromDays(15), revoked: true);
        var revokedBeforeIt = Session(TimeSpan.FromDays(31), revoked: true);
        var idleWithinTheLifetime = Session(TimeSpan.FromDays(15), revoked: false);
        var idleBeforeIt = Session(TimeSpan.FromDays(31), revoked: false);
        // Last seen long ago, but revoked only now: its refresh tokens may still be presented, so it stays.
        var revokedJustNow = Session(TimeSpan.FromDays(31), revoked: false);
        revokedJustNow.RevokedAt = now - TimeSpan.FromHours(1);
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.Set<AccountSession>().AddRange(revokedWithinTheLifetime, revokedBeforeIt, idleWithinTheLifetime, idleBeforeIt, revokedJustNow);
            return await db.SaveChangesAsync();
        });

        await app.WithServicesAsync(services => services.GetRequiredService<TokenPruningJob>().RunAsync());

        var left = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .Where(s => s.UserId == employee.Id).Select(s => s.Id).ToListAsync());
        Assert.That(left, Is.EquivalentTo(new[] { revokedWithinTheLifetime.Id, idleWithinTheLifetime.Id, revokedJustNow.Id }));
    }
}
