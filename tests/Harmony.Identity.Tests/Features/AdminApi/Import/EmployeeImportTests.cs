using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Harmony.Identity.Tests.Features.AdminApi.Import;

/// <summary>
/// CSV import of employees through the admin API (issue 5 item 4), as an operator's automation calls it: check, read the
/// report, confirm with the file's hash; the imported employees get their instruction email.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class EmployeeImportTests(TestDatabase database) : AppFixture(database)
{
    private string token = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        token = await ImportApi.OperatorTokenAsync(app);
    }

    [TestCase(ImportEncodings.Utf8WithBom)]
    [TestCase(ImportEncodings.Utf8)]
    [TestCase(ImportEncodings.ShiftJis)]
    public async Task ValidFile_IsReported_ThenImportedOnConfirmation_WithNamesIntact_AndEachEmployeeGetsTheInstructionEmail(string encoding)
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var file = ImportFiles.Encode(ImportFiles.Lines(
            ImportFiles.JapaneseHeader,
            $"A{s}-1,山田 太郎,taro-{s}@example.com,ja",
            $"A{s}-2,佐藤 花子,hanako-{s}@example.com,",
            $"A{s}-3,John Smith,john-{s}@example.com,en"), encoding);

        var report = await ImportApi.CheckAsync(app, token, company, file);
        Assert.Multiple(() =>
        {
            Assert.That(report.Encoding, Is.EqualTo(encoding));
            Assert.That(report.FileHash, Is.EqualTo(ImportApi.Sha256(file)));
            Assert.That(report.TotalRows, Is.EqualTo(3));
            Assert.That(report.RefusedRows, Is.Empty);
            Assert.That(report.ValidRows.Select(r => (r.Line, r.DisplayName, r.Locale)),
                Is.EqualTo(new[] { (2, "山田 太郎", "ja"), (3, "佐藤 花子", "ja"), (4, "John Smith", "en") }));
            Assert.That(report.Imported, Is.False);
        });
        Assert.That(await app.EmployeesOfAsync(company), Has.Count.EqualTo(1), "the check writes nothing");

        var confirmed = await ImportApi.ConfirmAsync(app, token, company, file);
        Assert.Multiple(() =>
        {
            Assert.That(confirmed.Status, Is.EqualTo(EmployeeImportStatuses.Done));
            Assert.That((confirmed.ValidRows, confirmed.Hashed, confirmed.TotalRows), Is.EqualTo((3, 3, 3)), "every valid row was hashed");
            Assert.That(confirmed.Error, Is.Null);
        });

        var imported = (await app.EmployeesOfAsync(company)).Where(u => u.EmployeeNumber is not null).OrderBy(u => u.EmployeeNumber).ToList();
        Assert.That(imported.Select(u => (u.EmployeeNumber, u.DisplayName, u.Email, u.Locale)), Is.EqualTo(new[]
        {
            ($"A{s}-1", "山田 太郎", $"taro-{s}@example.com", "ja"),
            ($"A{s}-2", "佐藤 花子", $"hanako-{s}@example.com", "ja"),
            ($"A{s}-3", "John Smith", $"john-{s}@example.com", "en"),
        }));
        Assert.That(imported.Select(u => u.CredentialKind), Has.All.EqualTo(CredentialKind.Temporary));

        await Mailbox.DeliverAsync(app);
        foreach (var employee in imported)
        {
            var mail = (await Mailbox.ReadAsync(app, employee.Email!)).Single();
            Assert.Multiple(() =>
            {
                Assert.That(mail.To.Mailboxes.Single().Name, Is.EqualTo(employee.DisplayName));
                Assert.That(mail.Subject, Does.StartWith(employee.Locale == "en" ? "[Harmony] My Page Instructions" : "【Harmony】マイページのご案内"));
                Assert.That(mail.Text(), Does.Contain(employee.UserName), "the email carries the temporary login ID");
            });
        }

        var audit = await AuditOfCompanyAsync(company, AuditEvents.EmployeesImported);
        Assert.Multiple(() =>
        {
            Assert.That(audit.Select(a => a.Actor), Is.EqualTo(new[] { "client:" + HarmonyAppFactory.ServiceClientId }));
            Assert.That(audit.Single().Details, Does.Contain("3 of 3").And.Contain("社員一覧.csv").And.Contain(confirmed.FileHash));
        });
    }

    [Test]
    public async Task FileWithEveryKindOfBadRow_IsReportedRowByRow_AndTheCheckWritesNothing()
    {
        var (company, file, emails) = await CompanyWithBadFileAsync();

        var report = await ImportApi.CheckAsync(app, token, company, file);

        Assert.Multiple(() =>
        {
            Assert.That(report.RefusedRows.Select(r => (r.Line, r.Code)), Is.EqualTo(new[]
            {
                (3, ImportRejectionCodes.BadColumns),
                (4, ImportRejectionCodes.MissingEmployeeNumber),
                (5, ImportRejectionCodes.MissingName),
                (6, ImportRejectionCodes.BadEmail),
                (7, ImportRejectionCodes.BadLocale),
                (8, ImportRejectionCodes.DuplicateInFile),
                (9, ImportRejectionCodes.EmployeeNumberExists),
                (10, ImportRejectionCodes.MissingEmail),
                (11, ImportRejectionCodes.BadCharacters),
                (15, ImportRejectionCodes.BadQuoting),
            }));
            Assert.That(report.ValidRows.Select(r => r.Line), Is.EqualTo(new[] { 2, 13, 14 }));
            Assert.That(report.TotalRows, Is.EqualTo(13));
            Assert.That(report.RefusedRows.Single(r => r.Line == 8).Message, Does.Contain("2行目"), "Japanese by default, naming the first line");
            Assert.That(report.RefusedRows.Select(r => r.Message), Has.None.Empty);
            Assert.That(report.Imported, Is.False);
        });
        Assert.That(await app.TracesAsync(company, emails), Is.EqualTo((0, 0, 0)), "no account, email or audit event");
    }

    [Test]
    public async Task Report_IsInEnglish_ForAnEnglishRequest()
    {
        var (company, file, _) = await CompanyWithBadFileAsync();

        var report = await ImportApi.CheckAsync(app, token, company, file, language: "en");

        Assert.That(report.RefusedRows.Single(r => r.Line == 8).Message, Does.EndWith("already appears on line 2."));
    }

    [Test]
    public async Task Confirmation_ImportsExactlyTheValidRows()
    {
        var (company, file, _) = await CompanyWithBadFileAsync();
        var existing = (await app.EmployeesOfAsync(company)).Select(u => u.Id).ToHashSet();
        var report = await ImportApi.CheckAsync(app, token, company, file);

        var confirmed = await ImportApi.ConfirmAsync(app, token, company, file);

        var imported = (await app.EmployeesOfAsync(company)).Where(u => !existing.Contains(u.Id)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(confirmed.Status, Is.EqualTo(EmployeeImportStatuses.Done));
            Assert.That((confirmed.TotalRows, confirmed.ValidRows), Is.EqualTo((13, 3)), "the refused rows were left out");
            Assert.That(imported.Select(u => u.EmployeeNumber).Order(), Is.EqualTo(report.ValidRows.Select(r => r.EmployeeNumber).Order()));
            Assert.That(imported.Select(u => u.DisplayName), Does.Contain("中村 \"七郎\", 主任"), "a quoted name with a comma and quotes");
        });
    }

    [Test]
    public async Task Confirmation_WithTheHashOfAnotherFile_IsRefusedWith409_AndWritesNothing()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var checkedFile = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, $"H{s},山田 太郎,h-{s}@example.com,ja"), ImportEncodings.Utf8);
        var changedFile = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, $"H{s},山田 太郎,h-{s}@example.com,en"), ImportEncodings.Utf8);
        var report = await ImportApi.CheckAsync(app, token, company, checkedFile);

        var response = await ImportApi.PostAsync(app, token, company, changedFile, confirm: true, fileHash: report.FileHash);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await ImportApi.ProblemAsync(response);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("ファイルが変わっています"));
        Assert.That(await app.TracesAsync(company, [$"h-{s}@example.com"]), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public async Task Confirmation_WithoutAHash_IsRefusedWith400_NamingTheParameter()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var file = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, "N1,山田 太郎,n1@example.com,ja"), ImportEncodings.Utf8);

        var response = await ImportApi.PostAsync(app, token, company, file, confirm: true);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ImportApi.ProblemAsync(response);
        Assert.That(problem.GetProperty("errors").TryGetProperty(EmployeeImportApi.FileHashParameter, out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task ErrorInTheMiddleOfTheImport_LeavesNothingBehind()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var s = ImportFiles.UniqueSuffix();
        var emails = Enumerable.Range(1, 5).Select(i => $"m{i}-{s}@example.com").ToList();
        var file = ImportFiles.Encode(ImportFiles.Lines(
            [ImportFiles.Header, .. emails.Select((email, i) => $"M{s}-{i},社員 {i},{email},ja")]), ImportEncodings.Utf8);
        var failOnThird = new FailWhenUserAdded(3);
        using var failing = app.WithDatabaseInterceptor(failOnThird);
        var failingToken = await ImportApi.OperatorTokenAsync(failing);

        // The failing server takes the confirmation, so its runner (with the fault) runs the import.
        var started = await ImportApi.StartAsync(failing, failingToken, company, file);
        var failed = await ImportApi.FinishedAsync(failing, failingToken, company, started.Id);

        var traces = await app.TracesAsync(company, emails);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Status, Is.EqualTo(EmployeeImportStatuses.Failed));
            Assert.That(failed.ErrorCode, Is.EqualTo(EmployeeImportErrorCodes.Unexpected));
            Assert.That(failed.Error, Does.Contain("何も取り込まれていません"));
            Assert.That(failOnThird.UsersSaved, Is.EqualTo(2), "two accounts were saved in the transaction before the failure");
            Assert.That(traces, Is.EqualTo((0, 0, 0)), "no account, email or audit event remains");
        });

        // Nothing half-done stands in the way: the same file imports whole once the fault is gone.
        var report = await ImportApi.ConfirmAsync(app, token, company, file);
        Assert.That(report.Status, Is.EqualTo(EmployeeImportStatuses.Done));
        Assert.That((await app.TracesAsync(company, emails)).Users, Is.EqualTo(5));
    }

    [Test]
    public async Task RepresentativeOfAnotherCompany_Gets404_AndNothingIsWritten_WhileTheirOwnCompanyImports()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var otherCompany = (await app.CreateEmployeeAsync()).CompanyId;
        var representativeToken = await AdminTokens.AdminAsync(app, representative);
        var s = ImportFiles.UniqueSuffix();
        var email = $"r-{s}@example.com";
        var file = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, $"R{s},山田 太郎,{email},ja"), ImportEncodings.Utf8);

        var check = await ImportApi.PostAsync(app, representativeToken, otherCompany, file);
        var confirm = await ImportApi.PostAsync(app, representativeToken, otherCompany, file, confirm: true, fileHash: ImportApi.Sha256(file));

        Assert.Multiple(() =>
        {
            Assert.That(check.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        Assert.That(await app.TracesAsync(otherCompany, [email]), Is.EqualTo((0, 0, 0)));

        var own = await ImportApi.ConfirmAsync(app, representativeToken, representative.CompanyId, file);
        Assert.That(own.Status, Is.EqualTo(EmployeeImportStatuses.Done));
        var audit = await AuditOfCompanyAsync(representative.CompanyId, AuditEvents.EmployeesImported);
        Assert.That(audit.Select(a => a.Actor), Is.EqualTo(new[] { "admin:" + representative.Id }), "the acting representative is audited");
    }

    [Test]
    public async Task WithoutAToken_Is401_AndWithoutTheAdminScope_Is403()
    {
        var employee = await app.CreateEmployeeAsync();
        var file = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header, "W1,山田 太郎,w1@example.com,ja"), ImportEncodings.Utf8);

        var anonymous = await ImportApi.PostAsync(app, null, employee.CompanyId, file);
        var employeeToken = await AdminTokens.WithoutAdminScopeAsync(app, employee);
        var wrongScope = await ImportApi.PostAsync(app, employeeToken, employee.CompanyId, file);

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrongScope.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task UnknownCompany_Is404()
    {
        var file = ImportFiles.Encode(ImportFiles.Lines(ImportFiles.Header), ImportEncodings.Utf8);

        var response = await ImportApi.PostAsync(app, token, Guid.NewGuid(), file);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ImportApi.ProblemAsync(response)).GetProperty("status").GetInt32(), Is.EqualTo(404));
    }

    [Test]
    public async Task FileOverTheSizeLimit_Is413()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        var file = new byte[EmployeeImportApi.MaxFileBytes + 1];
        Array.Fill(file, (byte)'a');

        var response = await ImportApi.PostAsync(app, token, company, file);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await ImportApi.ProblemAsync(response)).GetProperty("detail").GetString(), Does.Contain("5MB"));
    }

    [Test]
    public async Task FileInNeitherEncoding_Is400_NamingTheFileField()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;

        var response = await ImportApi.PostAsync(app, token, company, [0x61, 0x2C, 0x81, 0x20, 0x0D, 0x0A]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ImportApi.ProblemAsync(response);
        Assert.That(problem.GetProperty("errors").GetProperty(EmployeeImportApi.FileField)[0].GetString(), Does.Contain("Shift_JIS"));
    }

    /// <summary>
    /// A company with an employee numbered EXIST-…, and a file with three valid rows and one row of every kind of fault
    /// (lines 11–12 are one record whose name holds a line break; line 14 leaves the locale empty; line 15 leaves a
    /// quote open to the end).
    /// </summary>
    private async Task<(Guid Company, byte[] File, IReadOnlyList<string> Emails)> CompanyWithBadFileAsync()
    {
        var existing = await app.CreateEmployeeAsync();
        var s = ImportFiles.UniqueSuffix();
        await app.SetEmployeeNumberAsync(existing.Id, $"EXIST-{s}");
        string Email(string name) => $"{name}-{s}@example.com";
        var text = ImportFiles.Lines(
            ImportFiles.Header,
            $"B{s}-01,山田 太郎,{Email("taro")},ja",
            $"B{s}-02,佐藤 花子",
            $",鈴木 一郎,{Email("ichiro")},ja",
            $"B{s}-04,,{Email("jiro")},ja",
            $"B{s}-05,高橋 三郎,saburo.example.com,ja",
            $"B{s}-06,田中 四郎,{Email("shiro")},fr",
            $"B{s}-01,伊藤 五郎,{Email("goro")},en",
            $"EXIST-{s},渡辺 六郎,{Email("rokuro")},ja",
            $"B{s}-10,小林 八郎,,ja",
            $"B{s}-11,\"加藤",
            $"九郎\",{Email("kuro")},ja",
            $"B{s}-13,\"中村 \"\"七郎\"\", 主任\",{Email("nana")},en",
            $"B{s}-14,吉田 十郎,{Email("juro")},",
            $"B{s}-15,\"山本 十一,{Email("juichi")},ja");
        var emails = new[] { "taro", "ichiro", "jiro", "shiro", "goro", "rokuro", "kuro", "nana", "juro", "juichi" }.Select(Email).ToList();
        return (existing.CompanyId, ImportFiles.Encode(text, ImportEncodings.Utf8WithBom), emails);
    }

    private Task<List<AuditEvent>> AuditOfCompanyAsync(Guid companyId, string @event) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.CompanyId == companyId && a.Event == @event).OrderBy(a => a.Id).ToListAsync());

    /// <summary>Fails the save that would add the <c>n</c>-th account, as a database fault in the middle of an import would.</summary>
    private sealed class FailWhenUserAdded(int n) : SaveChangesInterceptor
    {
        private int added;

        public int UsersSaved { get; private set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(eventData);
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Count(eventData);
            return base.SavingChanges(eventData, result);
        }

        private void Count(DbContextEventData eventData)
        {
            var users = eventData.Context!.ChangeTracker.Entries<HarmonyUser>().Count(e => e.State == EntityState.Added);
            if (users == 0) return;
            if (added + users >= n) throw new InvalidOperationException($"Simulated database fault on account {n}.");
            added += users;
            UsersSaved = added;
        }
    }
}
