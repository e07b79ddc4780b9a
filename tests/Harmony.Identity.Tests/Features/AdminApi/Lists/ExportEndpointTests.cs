using Harmony.Identity.Server.Features.AdminApi;
using Harmony.Identity.Server.Features.AdminApi.Export;
using static Harmony.Identity.Tests.Features.AdminApi.Lists.ListTestData;

namespace Harmony.Identity.Tests.Features.AdminApi.Lists;

/// <summary>
/// The CSV exports of the admin API (issue 12 item 5, decision 0021): UTF-8 with a byte order mark or Shift_JIS for
/// Excel in Japan, the rows the list shows in its order, headers in the caller's language, formulas made inert, per
/// company, and audited with the row count.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class ExportEndpointTests(TestDatabase database) : AppFixture(database)
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
    }

    [Test]
    public async Task Utf8Export_StartsWithTheBom_AndHoldsTheListsRows_InItsOrder()
    {
        var token = Token();
        var (companyId, _) = await app.CompanyWithAsync(("E2", $"{token} 髙橋 😀"), ("E1", $"{token} 佐藤"), ("E3", $"{token} Smith"));
        var filter = $"companyId={companyId}&text={token}&sort=name&direction=desc";

        var response = await support.GetAsync($"employees/export?{filter}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var list = await support.SearchAsync($"{filter}");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName,
                Does.StartWith("employees-").And.EndWith(".csv"));
            Assert.That(bytes[..3], Is.EqualTo(Utf8Bom), "Excel reads UTF-8 only with its byte order mark");
        });
        var rows = Parse(new UTF8Encoding(false, true).GetString(bytes[3..]));
        Assert.That(rows[0].Take(5), Is.EqualTo(new[] { "社員番号", "氏名", "メールアドレス", "言語", "ログインID" }));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(list.Items.Select(e => e.EmployeeNumber)), "the list's rows in its order");
        Assert.That(rows.Skip(1).Select(r => r[1]), Does.Contain($"{token} 髙橋 😀"), "UTF-8 keeps every character");
        Assert.That(rows.Skip(1).Select(r => r[4]), Is.EqualTo(list.Items.Select(e => e.LoginId)));
    }

    [Test]
    public async Task ShiftJisExport_DecodesAsShiftJis_AndWhatItCannotHoldBecomesAQuestionMark()
    {
        var token = Token();
        var (companyId, _) = await app.CompanyWithAsync(("J1", $"{token} 髙橋 ①"), ("J2", $"{token} 𠮷野 😀"));

        var response = await support.GetAsync($"employees/export?companyId={companyId}&text={token}&encoding=shift_jis");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/csv; charset=shift_jis"));
        Assert.That(bytes[..3], Is.Not.EqualTo(Utf8Bom), "no byte order mark in Shift_JIS");
        var rows = Parse(ShiftJis.GetString(bytes));
        Assert.Multiple(() =>
        {
            Assert.That(rows[0][1], Is.EqualTo("氏名"));
            Assert.That(rows[1][1], Is.EqualTo($"{token} 髙橋 ①"), "the Windows extensions of code page 932 survive");
            Assert.That(rows[2][1], Is.EqualTo($"{token} ?野 ?"), "a character outside code page 932 becomes one ?");
        });
    }

    [Test]
    public async Task FormulaLookingCells_ComeOutInert_WithALeadingApostrophe()
    {
        var token = Token();
        var (companyId, people) = await app.CompanyWithAsync(("F1", "x"), ("F2", "x"), ("F3", "x"), ("F4", "x"), ("F5", "x"), ("F6", "x"), ("F7", "x"));
        string[] names = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "＝１＋１"];
        for (var i = 0; i < names.Length; i++) await app.RenameAsync(people[i].Id, names[i]);
        var seed = (await support.SearchAsync($"companyId={companyId}")).Items.Single(e => people.All(p => p.Id != e.Id));
        await app.RenameAsync(seed.Id, $"{token} 普通の名前");

        var text = Encoding.UTF8.GetString(await (await support.GetAsync($"employees/export?companyId={companyId}")).Content.ReadAsByteArrayAsync());
        var rows = Parse(text);

        // The parser reads a line break inside a quoted field as \n.
        Assert.That(rows.Skip(1).Take(names.Length).Select(r => r[1]), Is.EqualTo(names.Select(n => "'" + n.Replace('\r', '\n'))));
        Assert.That(rows.Last()[1], Is.EqualTo($"{token} 普通の名前"), "an ordinary value is written as it is");
        Assert.That(text, Does.Contain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""), "quoted, its quotes doubled");
    }

    [TestCase("ja", "社員番号", "最終ログイン (Asia/Tokyo)")]
    [TestCase("en", "Employee number", "Last sign-in (Asia/Tokyo)")]
    public async Task Headers_AreInTheCallersLanguage_AndTimesInTheAskedZone(string language, string first, string lastSignIn)
    {
        var (companyId, people) = await app.CompanyWithAsync(("H1", "時刻 確認"));
        await app.SetLastSignInAsync(people[0].Id, new DateTimeOffset(2026, 4, 1, 0, 30, 0, TimeSpan.Zero));

        var response = await support.WithLanguage(language).GetAsync($"employees/export?companyId={companyId}&timeZone=Asia/Tokyo&sort=employeeNumber");
        var rows = Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));

        Assert.That((rows[0][0], rows[0][7]), Is.EqualTo((first, lastSignIn)));
        Assert.That(rows[1][7], Is.EqualTo("2026-04-01 09:30:00"), "09:30 in Japan is 00:30 UTC");
    }

    [Test]
    public async Task Export_IsAudited_WithItsRowCount()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        await app.AddEmployeeAsync(representative.CompanyId);
        var client = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));

        var response = await client.GetAsync("employees/export?encoding=shift_jis");
        var lines = Parse(ShiftJis.GetString(await response.Content.ReadAsByteArrayAsync())).Count;
        var exported = await client.GetAsync<PagedResult<AuditEntryDto>>($"audit?event={ExportEndpoints.EmployeesExported}");

        var entry = exported.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Details, Is.EqualTo($"rows={lines - 1}; encoding=shift_jis"));
            Assert.That(entry.Actor, Is.EqualTo("admin:" + representative.Id));
            Assert.That(entry.CompanyId, Is.EqualTo(representative.CompanyId));
        });
    }

    [Test]
    public async Task Representative_ExportsTheirOwnCompanyOnly_WhateverCompanyIdSays()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var stranger = await app.CreateEmployeeAsync();
        var client = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));

        var employees = await (await client.GetAsync($"employees/export?companyId={stranger.CompanyId}")).Content.ReadAsStringAsync();
        await support.ActAsync(stranger.Id, "suspend");
        var audit = await (await client.GetAsync($"audit/export?companyId={stranger.CompanyId}&person={stranger.LoginId}")).Content.ReadAsStringAsync();

        Assert.That(employees, Does.Contain(representative.LoginId).And.Not.Contain(stranger.LoginId));
        Assert.That(Parse(audit), Has.Count.EqualTo(1), "the header only");
    }

    [Test]
    public async Task AuditExport_NamesThePerson_AndHoldsWhatTheLogShows_NotItsOwnEvent()
    {
        var employee = await app.CreateEmployeeAsync();
        await support.ActAsync(employee.Id, "suspend");
        var filter = $"companyId={employee.CompanyId}";

        var shown = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?{filter}");
        var rows = Parse(Encoding.UTF8.GetString(await (await support.WithLanguage("en").GetAsync($"audit/export?{filter}")).Content.ReadAsByteArrayAsync())
            );

        Assert.Multiple(() =>
        {
            Assert.That(rows[0].Take(6), Is.EqualTo(new[] { "Time (UTC)", "Event", "Reason", "Employee number", "Name", "Login ID" }));
            Assert.That(rows.Skip(1).Select(r => r[1]), Is.EqualTo(shown.Items.Select(a => a.Event)), "the events the log shows, newest first");
            Assert.That(rows.Skip(1).Select(r => (r[4], r[5])), Is.All.EqualTo(("試験 太郎", employee.LoginId)));
        });
    }

    [TestCase("ja", "仮ID(未変更)・仮ID期限間近")]
    [TestCase("en", "Temporary, Temporary, expires soon")]
    public async Task EmployeeExport_NamesTheExpiringSoonState_InTheCallersLanguage(string language, string states)
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        await app.SetUserAsync(employee.Id, u => u.TemporaryExpiresAt = DateTimeOffset.UtcNow.AddDays(3));

        var response = await support.WithLanguage(language).GetAsync($"employees/export?companyId={representative.CompanyId}&state=temporary-expiring");
        var rows = Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var statesColumn = rows[0].ToList().IndexOf(language == "ja" ? "状態" : "State");
        Assert.That(rows.Skip(1).Select(r => (r[rows[0].ToList().IndexOf(language == "ja" ? "ログインID" : "Login ID")], r[statesColumn])),
            Is.EqualTo(new[] { (employee.LoginId, states) }));
    }

    [Test]
    public async Task AuditExport_NamesTheActorByNameAndRole_AndKeepsTheProvidersWordsFromRepresentatives()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        const string providerWords = "550 5.1.1 mailbox unavailable at relay-7";
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.AuditEvents.Add(new AuditEvent
            {
                OccurredAt = DateTimeOffset.UtcNow,
                Event = AuditEvents.EmailFailed,
                UserId = employee.Id,
                CompanyId = representative.CompanyId,
                Actor = "job:email-outbox-dispatch",
                Details = $"Instruction email (outbox message 1) not delivered: {providerWords}",
            });
            return await db.SaveChangesAsync();
        });
        var byRepresentative = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));
        await byRepresentative.ActAsync(employee.Id, "suspend");

        async Task<List<IReadOnlyList<string>>> ExportAsync(AdminApiClient caller) =>
            Parse(await (await caller.WithLanguage("en").GetAsync($"audit/export?person={employee.LoginId}")).Content.ReadAsStringAsync());
        var seenByRepresentative = await ExportAsync(byRepresentative);
        var seenBySupport = await ExportAsync(support);

        var header = seenByRepresentative[0].ToList();
        int Column(string name) => header.IndexOf(name);
        IReadOnlyList<string> Row(List<IReadOnlyList<string>> rows, string @event) => rows.Single(r => r[Column("Event")] == @event);
        Assert.Multiple(() =>
        {
            Assert.That(header, Does.Contain("Done by").And.Contain("Done by (role)"));
            var suspended = Row(seenByRepresentative, AuditEvents.Suspended);
            Assert.That((suspended[Column("Done by")], suspended[Column("Done by (role)")]), Is.EqualTo(("管理 花子", ActorRoles.CompanyAdmin)),
                "the representative by name, not admin:<guid>");
            var failed = Row(seenByRepresentative, AuditEvents.EmailFailed);
            Assert.That((failed[Column("Done by")], failed[Column("Done by (role)")]), Is.EqualTo(("email-outbox-dispatch", ActorRoles.Job)));
            Assert.That(string.Join(",", failed), Does.Not.Contain(providerWords), "the provider's words are the support desk's only");
            Assert.That(Row(seenBySupport, AuditEvents.EmailFailed)[Column("Details")], Does.Contain(providerWords));
        });
    }

    [Test]
    public async Task AuditExport_LongerThanOneBatchOfNames_HoldsEveryRow_WithItsActorNamed()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        const int entries = 1_234; // more than one batch of name lookups, made while the rows are still being read
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var at = DateTimeOffset.UtcNow.AddHours(-1);
            db.AuditEvents.AddRange(Enumerable.Range(0, entries).Select(i => new AuditEvent
            {
                OccurredAt = at.AddSeconds(i),
                Event = AuditEvents.LockoutReleased,
                Reason = AuditReasons.ByAdmin,
                UserId = employee.Id,
                CompanyId = representative.CompanyId,
                Actor = $"admin:{representative.Id}",
            }));
            return await db.SaveChangesAsync();
        });

        var response = await support.WithLanguage("en").GetAsync($"audit/export?person={employee.LoginId}&event={AuditEvents.LockoutReleased}");
        var rows = Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var actor = rows[0].ToList().IndexOf("Done by");
        Assert.That(rows.Skip(1).Select(r => r[actor]).ToList(), Has.Count.EqualTo(entries).And.All.EqualTo("管理 花子"));
        var times = rows.Skip(1).Select(r => r[0]).ToList();
        Assert.That(times, Is.Unique.And.Ordered.Descending, "pages of the export neither overlap nor skip, newest first");
    }

    [Test]
    public async Task EmployeeExport_LongerThanOnePage_HoldsEveryEmployeeOnce_InTheListsOrder()
    {
        var token = Token();
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var count = ExportPages.PageSize * 2 + 7;
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.Users.AddRange(Enumerable.Range(0, count).Select(i =>
            {
                var loginId = $"pg-{token.ToLowerInvariant()}-{i}";
                return new HarmonyUser
                {
                    UserName = loginId,
                    NormalizedUserName = loginId.ToUpperInvariant(),
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    DisplayName = $"{token} {i % 10}", // names repeat: the order falls back to the employee number
                    EmployeeNumber = $"{token}-{i:D5}",
                    CompanyId = companyId,
                    CredentialKind = CredentialKind.Permanent,
                    CreatedAt = app.Time.GetUtcNow(),
                };
            }));
            return await db.SaveChangesAsync();
        });

        var response = await support.GetAsync($"employees/export?companyId={companyId}&text={token}&sort=name");
        var numbers = Parse(await response.Content.ReadAsStringAsync()).Skip(1).Select(r => r[0]).ToList();

        var expected = Enumerable.Range(0, count).OrderBy(i => i % 10).ThenBy(i => i).Select(i => $"{token}-{i:D5}");
        Assert.That(numbers, Is.EqualTo(expected));
    }

    [TestCase("employees/export?encoding=latin1", "Encoding")]
    [TestCase("employees/export?timeZone=Mars/Olympus", "TimeZone")]
    [TestCase("employees/export?sort=salary", "Sort")]
    [TestCase("audit/export?encoding=utf-16", "Encoding")]
    [TestCase("audit/export?event=" + "%3D1", "Event")]
    public async Task UnknownParameter_IsAValidationProblem_AndNothingIsExportedOrAudited(string path, string property)
    {
        var before = await support.GetAsync<PagedResult<AuditEntryDto>>("audit?event=" + ExportEndpoints.EmployeesExported);
        var response = await support.WithLanguage("en").GetAsync(path);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        var after = await support.GetAsync<PagedResult<AuditEntryDto>>("audit?event=" + ExportEndpoints.EmployeesExported);

        Assert.That(problem.Errors?.Keys, Is.EqualTo(new[] { property }));
        Assert.That(after.Total, Is.EqualTo(before.Total));
    }

    private static List<IReadOnlyList<string>> Parse(string text) => CsvRows(text);

    private static string Token() => ListTestData.Token("X");
}
