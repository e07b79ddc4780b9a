using Harmony.Identity.Server.Features.Jobs;

namespace Harmony.Identity.Tests.Features.Jobs;

/// <remarks>
/// The tests share one database and clock: each one asserts on its own accounts and keys, leaves nothing that a
/// later run could still release, and moves the clock by at most a few hours.
/// </remarks>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class LockoutReleaseJobTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock and count what a run over the whole database changed.</summary>
    protected override string Group => ServerGroups.Jobs;

    [Test]
    public async Task Run_ReleasesOnlyAccountsPastTheirLockoutEnd_ResetsTheCountAndAuditsEach()
    {
        var now = app.Time.GetUtcNow();
        var lockOver = await app.CreateEmployeeAsync();
        var stillLocked = await app.CreateEmployeeAsync();
        var failedTwice = await app.CreateEmployeeAsync();
        await SetLockoutAsync(lockOver.Id, now - TimeSpan.FromMinutes(1), failedCount: 4);
        await SetLockoutAsync(stillLocked.Id, now + TimeSpan.FromHours(1), failedCount: 0);
        await SetLockoutAsync(failedTwice.Id, null, failedCount: 2);

        var first = await RunJobAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first.AccountsReleased, Is.EqualTo(1));
            Assert.That(await StateAsync(lockOver.Id), Is.EqualTo((default(DateTimeOffset?), 4)), "released; failures made since the lock ended still count");
            Assert.That(await StateAsync(stillLocked.Id), Is.EqualTo((now + TimeSpan.FromHours(1), 0)), "still locked");
            Assert.That(await StateAsync(failedTwice.Id), Is.EqualTo((default(DateTimeOffset?), 2)), "never locked, count kept");
            var audit = (await AuditsAsync(lockOver.Id)).Single();
            Assert.That(audit.Reason, Is.EqualTo(AuditReasons.ByJob));
            Assert.That(audit.Actor, Is.EqualTo(LockoutReleaseJob.Actor));
            Assert.That(audit.CompanyId, Is.EqualTo(lockOver.CompanyId));
            Assert.That(audit.OccurredAt, Is.EqualTo(now));
            Assert.That(await AuditsAsync(stillLocked.Id), Is.Empty);
            Assert.That(await AuditsAsync(failedTwice.Id), Is.Empty);
        });

        app.Time.Advance(TimeSpan.FromHours(1));
        var second = await RunJobAsync();
        var third = await RunJobAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(second.AccountsReleased, Is.EqualTo(1), "the other lock ends in its turn");
            Assert.That(await StateAsync(stillLocked.Id), Is.EqualTo((default(DateTimeOffset?), 0)));
            Assert.That(await AuditsAsync(stillLocked.Id), Has.Count.EqualTo(1));
            Assert.That(third.AccountsReleased, Is.Zero, "nothing left to release");
            Assert.That(await AuditsAsync(lockOver.Id), Has.Count.EqualTo(1), "released once, audited once");
        });
    }

    [Test]
    public async Task Run_RemovesUnknownLoginFailures_WhoseLockIsOverOrThatAreStale()
    {
        var now = app.Time.GetUtcNow();
        var lockOver = await AddFailureAsync(lockedUntil: now - TimeSpan.FromMinutes(1), lastFailureAt: now - TimeSpan.FromHours(24));
        var stale = await AddFailureAsync(lockedUntil: null, lastFailureAt: now - TimeSpan.FromHours(25));
        var recent = await AddFailureAsync(lockedUntil: null, lastFailureAt: now - TimeSpan.FromHours(1));
        var longLock = await AddFailureAsync(lockedUntil: now + TimeSpan.FromDays(365), lastFailureAt: now - TimeSpan.FromDays(2));

        var result = await RunJobAsync();

        var remaining = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().UnknownLoginFailures
            .Where(f => new[] { lockOver, stale, recent, longLock }.Contains(f.KeyHash))
            .Select(f => f.KeyHash)
            .ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(result.UnknownLoginFailuresRemoved, Is.EqualTo(2));
            Assert.That(remaining, Is.EquivalentTo(new[] { recent, longLock }), "recent failures and a lock not yet over stay");
        });
    }

    private Task<LockoutReleaseResult> RunJobAsync() =>
        app.WithServicesAsync(services => services.GetRequiredService<LockoutReleaseJob>().RunAsync());

    private Task<int> SetLockoutAsync(Guid userId, DateTimeOffset? lockoutEnd, int failedCount) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, lockoutEnd).SetProperty(u => u.AccessFailedCount, failedCount)));

    private Task<(DateTimeOffset? LockoutEnd, int AccessFailedCount)> StateAsync(Guid userId) =>
        app.WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<HarmonyDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            return (user.LockoutEnd, user.AccessFailedCount);
        });

    private Task<List<AuditEvent>> AuditsAsync(Guid userId) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().AuditEvents
            .Where(a => a.UserId == userId && a.Event == AuditEvents.LockoutReleased)
            .ToListAsync());

    private Task<string> AddFailureAsync(DateTimeOffset? lockedUntil, DateTimeOffset lastFailureAt) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
            db.UnknownLoginFailures.Add(new UnknownLoginFailure
            {
                KeyHash = key,
                FailedCount = lockedUntil is null ? 3 : 0,
                LockedUntil = lockedUntil,
                LastFailureAt = lastFailureAt,
            });
            await db.SaveChangesAsync();
            return key;
        });
}
