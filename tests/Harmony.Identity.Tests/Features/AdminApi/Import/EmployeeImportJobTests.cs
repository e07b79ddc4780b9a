using Harmony.Identity.Server.Features.AdminApi.Import;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Harmony.Identity.Tests.Features.AdminApi.Import;

/// <summary>
/// The confirmed import runs in the background (issue 11 item 4): 202 and a status to poll; the temporary passwords are
/// hashed outside the request and the transaction; the save stays all or nothing; one import at a time per company.
/// Tests that must act between the confirmation and the run confirm through a server whose runner is off, then run the
/// import themselves.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class EmployeeImportJobTests(TestDatabase database) : AppFixture(database)
{
    private string token = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        token = await ImportApi.OperatorTokenAsync(app);
    }

    [Test]
    public async Task ConfirmedImport_WaitsPending_ThenRunsToDone_WithEveryRowHashedAndEnrolled_AndOneEmailEach()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var emails = Enumerable.Range(1, 12).Select(i => $"j{i}-{s}@example.com").ToList();
        var file = ImportFiles.Encode(ImportFiles.Lines([ImportFiles.Header, .. emails.Select((email, i) => $"J{s}-{i},社員 {i},{email},ja")]),
            ImportEncodings.Utf8);
        using var idle = WithoutRunner();

        var started = await ImportApi.StartAsync(idle, token, company, file);
        var waiting = await ImportApi.StatusAsync(app, token, company, started.Id);

        Assert.Multiple(() =>
        {
            Assert.That(started.Status, Is.EqualTo(EmployeeImportStatuses.Pending));
            Assert.That((waiting.Status, waiting.Hashed, waiting.ValidRows), Is.EqualTo((EmployeeImportStatuses.Pending, 0, 12)));
        });
        Assert.That(await app.TracesAsync(company, emails), Is.EqualTo((0, 0, 0)), "the confirmation itself enrols nobody");

        Assert.That(await RunAsync(started.Id), Is.True);

        var done = await ImportApi.StatusAsync(app, token, company, started.Id);
        Assert.Multiple(() =>
        {
            Assert.That(done.Status, Is.EqualTo(EmployeeImportStatuses.Done));
            Assert.That(done.Hashed, Is.EqualTo(12), "the progress ends at the number of valid rows");
            Assert.That(done.FinishedAt, Is.Not.Null);
        });
        // 12 accounts, 12 instruction emails, 12 credential events and the import's own event.
        Assert.That(await app.TracesAsync(company, emails), Is.EqualTo((12, 12, 13)));
        Assert.That(await RunAsync(started.Id), Is.False, "a finished import never runs again");
        Assert.That(await app.TracesAsync(company, emails), Is.EqualTo((12, 12, 13)));

        var stored = await JobAsync(started.Id);
        Assert.That(stored.RowsJson, Is.EqualTo("[]"), "the rows are not kept once imported");
    }

    [Test]
    public async Task EmployeeNumberTakenBetweenTheConfirmationAndTheRun_FailsTheImport_AndLeavesNothing()
    {
        var existing = await app.CreateEmployeeAsync();
        var company = existing.CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var emails = Enumerable.Range(1, 4).Select(i => $"t{i}-{s}@example.com").ToList();
        var file = ImportFiles.Encode(ImportFiles.Lines([ImportFiles.Header, .. emails.Select((email, i) => $"T{s}-{i},社員 {i},{email},ja")]),
            ImportEncodings.Utf8);
        using var idle = WithoutRunner();
        var started = await ImportApi.StartAsync(idle, token, company, file);
        var before = await app.TracesAsync(company, emails);

        // Another admin gives an employee the file's last number before the import runs.
        await app.SetEmployeeNumberAsync(existing.Id, $"T{s}-3");
        await RunAsync(started.Id);

        var failed = await ImportApi.StatusAsync(app, token, company, started.Id);
        var english = await ImportApi.StatusAsync(app, token, company, started.Id, language: "en");
        Assert.Multiple(() =>
        {
            Assert.That(failed.Status, Is.EqualTo(EmployeeImportStatuses.Failed));
            Assert.That(failed.ErrorCode, Is.EqualTo(EmployeeImportErrorCodes.EmployeeNumberTaken));
            Assert.That(failed.Error, Does.Contain("社員番号が別の操作で登録されました"));
            Assert.That(english.Error, Does.Contain("registered by someone else"));
            Assert.That(failed.FinishedAt, Is.Not.Null);
        });
        Assert.That(await app.TracesAsync(company, emails), Is.EqualTo(before), "no account, email or audit event of the rows");
        Assert.That(before, Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public async Task SecondConfirmation_WhileTheCompanysImportRuns_Is409_AndAnotherCompanysAdminGets404ForTheImport()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var first = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, $"P{s}-1,山田 太郎,p1-{s}@example.com,ja"), ImportEncodings.Utf8);
        var second = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, $"P{s}-2,佐藤 花子,p2-{s}@example.com,ja"), ImportEncodings.Utf8);
        using var idle = WithoutRunner();
        var started = await ImportApi.StartAsync(idle, token, company, first);

        var refused = await ImportApi.PostAsync(idle, token, company, second, confirm: true, fileHash: ImportApi.Sha256(second));
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var foreignToken = await AdminTokens.AdminAsync(app, representative);
        var foreign = await ImportApi.GetStatusAsync(app, foreignToken, company, started.Id);
        var disguised = await ImportApi.GetStatusAsync(app, foreignToken, representative.CompanyId, started.Id);
        var unknown = await ImportApi.GetStatusAsync(app, token, company, Guid.NewGuid());

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await ImportApi.ProblemAsync(refused)).GetProperty("detail").GetString(), Does.Contain("取り込みがまだ実行中です"));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another company's import");
            Assert.That(disguised.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an import of another company under the caller's own");
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });

        // Once the first has finished, the next file goes in.
        await RunAsync(started.Id);
        var next = await ImportApi.ConfirmAsync(app, token, company, second);
        Assert.That(next.Status, Is.EqualTo(EmployeeImportStatuses.Done));
        Assert.That(await app.TracesAsync(company, [$"p1-{s}@example.com", $"p2-{s}@example.com"]), Is.EqualTo((2, 2, 4)));
    }

    [Test]
    public async Task ImportWhoseRunnerDied_IsTakenOverOnceItsClaimRunsOut_AndImportedOnce()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var emails = new[] { $"d1-{s}@example.com", $"d2-{s}@example.com" };
        var file = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, $"D{s}-1,山田 太郎,{emails[0]},ja", $"D{s}-2,佐藤 花子,{emails[1]},en"),
            ImportEncodings.Utf8);
        using var idle = WithoutRunner();
        var started = await ImportApi.StartAsync(idle, token, company, file);

        // A node claimed it and died half-way through hashing.
        await ClaimAsync(started.Id, app.Time.GetUtcNow().AddMinutes(5));
        Assert.That(await RunAsync(started.Id), Is.False, "a live claim is left alone");
        await ClaimAsync(started.Id, app.Time.GetUtcNow().AddSeconds(-1));
        Assert.That(await RunAsync(started.Id), Is.True, "a claim that ran out is taken over");

        var done = await ImportApi.StatusAsync(app, token, company, started.Id);
        Assert.That((done.Status, done.Hashed), Is.EqualTo((EmployeeImportStatuses.Done, 2)));
        Assert.That((await JobAsync(started.Id)).Attempts, Is.EqualTo(1), "one run claimed it through the runner");
        Assert.That(await app.TracesAsync(company, emails), Is.EqualTo((2, 2, 3)));
    }

    [Test]
    public async Task TenThousandRows_AreAcceptedByTheCheck()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var lines = Enumerable.Range(1, EmployeeImportApi.MaxRows).Select(i => $"K{s}-{i:D5},社員 {i:D5},k{i}-{s}@example.com,ja");
        var file = ImportFiles.Encode(ImportFiles.Lines([ImportFiles.Header, .. lines]), ImportEncodings.Utf8);
        Assert.That(file.Length, Is.LessThan(EmployeeImportApi.MaxFileBytes));

        var report = await ImportApi.CheckAsync(app, token, company, file);

        Assert.Multiple(() =>
        {
            Assert.That(EmployeeImportApi.MaxRows, Is.EqualTo(10_000));
            Assert.That(report.TotalRows, Is.EqualTo(10_000));
            Assert.That(report.ValidRows, Has.Count.EqualTo(10_000));
            Assert.That(report.RefusedRows, Is.Empty);
        });
    }

    /// <summary>The same server (and database) whose import runner does not run: confirmed imports wait.</summary>
    private WebApplicationFactory<Program> WithoutRunner() =>
        app.Variant(services => services.Configure<EmployeeImportOptions>(options => options.RunInBackground = false));

    private Task<bool> RunAsync(Guid importId) => app.WithServicesAsync(services =>
        services.GetRequiredService<EmployeeImportRunner>().RunAsync(importId));

    private Task<EmployeeImportJob> JobAsync(Guid importId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<EmployeeImportJob>().AsNoTracking().SingleAsync(j => j.Id == importId));

    private Task<int> ClaimAsync(Guid importId, DateTimeOffset until) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<EmployeeImportJob>().Where(j => j.Id == importId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.Status, EmployeeImportStatuses.Hashing)
            .SetProperty(j => j.Hashed, 1)
            .SetProperty(j => j.ClaimedBy, Guid.NewGuid())
            .SetProperty(j => j.ClaimedUntil, until)));
}
