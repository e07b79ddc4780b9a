using Harmony.Identity.Server.Features.Jobs;

namespace Harmony.Identity.Tests.Features.Jobs;

/// <remarks>
/// The tests share one database and clock, so each one asserts on its own company's accounts, leaves no account
/// that a later run could still expire (unexpired ones expire in a year) and moves the clock by minutes only.
/// </remarks>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class TemporaryCredentialExpiryJobTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock and count what a run over the whole database changed.</summary>
    protected override string Group => ServerGroups.Jobs;

    [Test]
    public async Task Run_MarksExactlyTheExpiredTemporaryAccounts_AndAuditsEachOnce()
    {
        var now = app.Time.GetUtcNow();
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var accounts = await InsertMixedAccountsAsync(company, now, count: 300);
        var dueIds = accounts.Where(a => a.Due).Select(a => a.Id).ToList();

        var changed = await RunJobAsync();

        var expiredNow = await ExpiredIdsAsync(company);
        var audits = await AuditsAsync(company);
        Assert.Multiple(() =>
        {
            Assert.That(dueIds, Has.Count.EqualTo(100), "the mix has 100 temporary accounts due");
            Assert.That(changed, Is.EqualTo(dueIds.Count));
            Assert.That(expiredNow, Is.EquivalentTo(dueIds.Concat(accounts.Where(a => a.AlreadyExpired).Select(a => a.Id))));
            Assert.That(audits.Select(a => a.UserId), Is.EquivalentTo(dueIds.Cast<Guid?>()), "one audit row per account marked, none for the others");
            Assert.That(audits, Has.All.Matches<AuditEvent>(a =>
                a.Reason == AuditReasons.ByJob && a.Actor == TemporaryCredentialExpiryJob.Actor &&
                a.CompanyId == company && a.OccurredAt == now));
        });
    }

    [Test]
    public async Task Run_Again_ChangesNothingAndWritesNoMoreAuditRows()
    {
        var now = app.Time.GetUtcNow();
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        await InsertMixedAccountsAsync(company, now, count: 30);
        await RunJobAsync();
        var auditsAfterFirstRun = (await AuditsAsync(company)).Count;

        var changed = await RunJobAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(changed, Is.Zero);
            Assert.That(auditsAfterFirstRun, Is.EqualTo(10));
            Assert.That(await AuditsAsync(company), Has.Count.EqualTo(auditsAfterFirstRun));
        });
    }

    [Test]
    public async Task Run_LeavesPermanentAndUnexpiredTemporaryAccountsUntouched()
    {
        var now = app.Time.GetUtcNow();
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var accounts = await InsertMixedAccountsAsync(company, now, count: 60);
        var untouched = accounts.Where(a => !a.Due && !a.AlreadyExpired).Select(a => a.Id).ToList();

        await RunJobAsync();

        var rows = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users
            .Where(u => untouched.Contains(u.Id))
            .Select(u => new { u.TemporaryExpired, u.CredentialKind })
            .ToListAsync());
        var temporary = rows.Where(r => r.CredentialKind == CredentialKind.Temporary).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(30));
            Assert.That(rows.Count(r => r.TemporaryExpired), Is.Zero);
            Assert.That(rows.Count(r => r.CredentialKind == CredentialKind.Permanent), Is.EqualTo(10), "permanent accounts, even with a past expiry left over");
            Assert.That(temporary, Has.Count.EqualTo(20), "temporary accounts not yet due or without an expiry");
        });
    }

    [Test]
    public async Task Run_MarksAnAccount_OnlyOnceTimeReachesItsExpiry()
    {
        var now = app.Time.GetUtcNow();
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var id = await InsertAsync(company, CredentialKind.Temporary, now + TimeSpan.FromMinutes(10));

        await RunJobAsync();
        var before = await ExpiredIdsAsync(company);
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await RunJobAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(before, Is.Empty, "not expired before its instant");
            Assert.That(await ExpiredIdsAsync(company), Is.EqualTo(new[] { id }), "expired at its instant");
            Assert.That(await AuditsAsync(company), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Run_OnTwoNodesAtOnce_AuditsEachAccountOnce()
    {
        var now = app.Time.GetUtcNow();
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var accounts = await InsertMixedAccountsAsync(company, now, count: 120);
        var dueIds = accounts.Where(a => a.Due).Select(a => a.Id).ToList();

        // Two scopes are two connections, as two nodes would have.
        var counts = await Task.WhenAll(Task.Run(RunJobAsync), Task.Run(RunJobAsync));

        var audits = await AuditsAsync(company);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(counts.Sum(), Is.EqualTo(dueIds.Count), "each account marked by one of the two runs");
            Assert.That(audits.Select(a => a.UserId), Is.EquivalentTo(dueIds.Cast<Guid?>()), "one audit row per account");
            Assert.That(await ExpiredIdsAsync(company), Is.SupersetOf(dueIds));
        });
    }

    private Task<int> RunJobAsync() =>
        app.WithServicesAsync(services => services.GetRequiredService<TemporaryCredentialExpiryJob>().RunAsync());

    /// <summary>
    /// Six kinds in turn: due (past expiry), not yet due, permanent with a leftover past expiry, due exactly now,
    /// already marked, and temporary without an expiry. So a third of them are due.
    /// </summary>
    private async Task<List<SeededAccount>> InsertMixedAccountsAsync(Guid companyId, DateTimeOffset now, int count)
    {
        var seeded = new List<SeededAccount>();
        var users = new List<HarmonyUser>();
        for (var i = 0; i < count; i++)
        {
            var user = NewUser(companyId, now);
            switch (i % 6)
            {
                case 0: user.TemporaryExpiresAt = now - TimeSpan.FromMinutes(i + 1); break;
                case 1: user.TemporaryExpiresAt = now + TimeSpan.FromDays(365); break;
                case 2: user.CredentialKind = CredentialKind.Permanent; user.TemporaryExpiresAt = now - TimeSpan.FromDays(1); break;
                case 3: user.TemporaryExpiresAt = now; break;
                case 4: user.TemporaryExpiresAt = now - TimeSpan.FromDays(2); user.TemporaryExpired = true; break;
                case 5: user.TemporaryExpiresAt = null; break;
            }
            users.Add(user);
            seeded.Add(new SeededAccount(user.Id, Due: i % 6 is 0 or 3, AlreadyExpired: i % 6 == 4));
        }

        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.Users.AddRange(users);
            return await db.SaveChangesAsync();
        });
        return seeded;
    }

    private Task<Guid> InsertAsync(Guid companyId, CredentialKind kind, DateTimeOffset? expiresAt) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var user = NewUser(companyId, app.Time.GetUtcNow());
            user.CredentialKind = kind;
            user.TemporaryExpiresAt = expiresAt;
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        });

    private static HarmonyUser NewUser(Guid companyId, DateTimeOffset now)
    {
        var loginId = "tmp-" + Guid.NewGuid().ToString("N")[..12];
        return new HarmonyUser
        {
            UserName = loginId,
            NormalizedUserName = loginId.ToUpperInvariant(),
            CompanyId = companyId,
            CredentialKind = CredentialKind.Temporary,
            CreatedAt = now,
        };
    }

    private Task<List<Guid>> ExpiredIdsAsync(Guid companyId) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users
            .Where(u => u.CompanyId == companyId && u.TemporaryExpired)
            .Select(u => u.Id)
            .ToListAsync());

    private Task<List<AuditEvent>> AuditsAsync(Guid companyId) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().AuditEvents
            .Where(a => a.CompanyId == companyId && a.Event == AuditEvents.TemporaryCredentialsExpired)
            .ToListAsync());

    private sealed record SeededAccount(Guid Id, bool Due, bool AlreadyExpired);
}
