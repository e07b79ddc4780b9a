using Harmony.Identity.Tests.Features.AdminApi.Lists;

namespace Harmony.Identity.Tests.Admin.Features.Lists;

/// <summary>
/// The employee list and the audit log on the admin site (issue 12 items 3 and 5): column headers sort, the page size
/// and the filters stay in the URL, the pager numbers its pages, and the download links give the filtered rows as CSV.
/// </summary>
[TestFixture]
public sealed class ListPagesTests : AdminSiteFixture
{
    [Test]
    public async Task ColumnHeader_SortsTheList_KeepingItsFilter_AndSortsTheOtherWayOnTheSecondClick()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var token = Token();
        await AddColleaguesAsync(session.Admin.CompanyId, token, ("B", "2"), ("C", "1"), ("A", "3"));

        var list = await session.Browser.GetAsync($"/employees?text={token}&state=active");
        var byName = await session.Browser.GetAsync(SortLink(list, "name"));
        var byNameDesc = await session.Browser.GetAsync(SortLink(byName, "name"));

        Assert.Multiple(() =>
        {
            Assert.That(AriaSort(list, "employeeNumber"), Is.EqualTo("ascending"), "by employee number unless asked");
            Assert.That(Names(list), Is.EqualTo(new[] { "C", "B", "A" }));
            Assert.That(byName.Uri.Query, Does.Contain($"text={token}").And.Contain("state=active").And.Contain("sort=name").And.Contain("direction=asc"));
            Assert.That(AriaSort(byName, "name"), Is.EqualTo("ascending"));
            Assert.That(AriaSort(byName, "employeeNumber"), Is.Null);
            Assert.That(Names(byName), Is.EqualTo(new[] { "A", "B", "C" }));
            Assert.That(AriaSort(byNameDesc, "name"), Is.EqualTo("descending"));
            Assert.That(Names(byNameDesc), Is.EqualTo(new[] { "C", "B", "A" }));
            Assert.That(byName.Document.QuerySelector("form.search input[name=sort]")?.GetAttribute("value"), Is.EqualTo("name"),
                "searching again keeps the order");
        });
    }

    [Test]
    public async Task Pager_ShowsTheTotal_PageNumbers_AndFirstAndLast_AtTheChosenPageSize()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var token = Token();
        await AddColleaguesAsync(session.Admin.CompanyId, token, Enumerable.Range(1, 60).Select(i => ("P", i.ToString("D3", CultureInfo.InvariantCulture))).ToArray());

        var first = await session.Browser.GetAsync($"/employees?text={token}&pageSize=25");
        var last = await session.Browser.GetAsync(first.Document.QuerySelector(".pager a[data-page=last]")!.GetAttribute("href")!);
        var wider = await session.Browser.GetAsync($"/employees?text={token}&pageSize=50&pageNumber=2");
        var unknownSize = await session.Browser.GetAsync($"/employees?text={token}&pageSize=7");

        Assert.Multiple(() =>
        {
            Assert.That(first.Text("#result-count"), Is.EqualTo("60件中 1~25件を表示"));
            Assert.That(PageNumbers(first), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That(first.Document.QuerySelector(".pager a[aria-current=page]")?.TextContent, Is.EqualTo("1"));
            Assert.That(first.Document.QuerySelector(".pager a[data-page=first]"), Is.Null, "no first link on the first page");
            Assert.That(last.Text("#result-count"), Is.EqualTo("60件中 51~60件を表示"));
            Assert.That(last.Uri.Query, Does.Contain("pageNumber=3").And.Contain($"text={token}"));
            Assert.That(last.Document.QuerySelector(".pager a[data-page=first]"), Is.Not.Null);
            Assert.That(Rows(wider), Has.Length.EqualTo(10));
            Assert.That(wider.Document.QuerySelector("#pageSize option[selected]")?.GetAttribute("value"), Is.EqualTo("50"));
            Assert.That(Rows(unknownSize), Has.Length.EqualTo(25), "a size the site does not offer falls back to 25");
        });
    }

    [Test]
    public async Task UnknownSortInTheUrl_ShowsTheListInItsUsualOrder()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var token = Token();
        await AddColleaguesAsync(session.Admin.CompanyId, token, ("B", "2"), ("C", "1"), ("A", "3"));

        var page = await session.Browser.GetAsync($"/employees?text={token}&sort=salary&direction=sideways");

        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(AriaSort(page, "employeeNumber"), Is.EqualTo("ascending"));
            Assert.That(Names(page), Is.EqualTo(new[] { "C", "B", "A" }), "the rows themselves in employee-number order");
        });
    }

    [Test]
    public async Task ShiftJisDownload_HasTheRowsOfTheFilteredList_InItsOrder()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var token = Token();
        await AddColleaguesAsync(session.Admin.CompanyId, token, ("髙橋", "2"), ("=1+2", "1"), ("佐藤", "3"));

        var list = await session.Browser.GetAsync($"/employees?text={token}&sort=name&direction=desc");
        var link = list.Document.QuerySelector("#export-shift-jis")!.GetAttribute("href")!;
        using var download = await session.Browser.GetWithoutRedirectAsync(link);
        var rows = ShiftJisRows(await download.Content.ReadAsByteArrayAsync());

        Assert.Multiple(() =>
        {
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(rows[0][1], Is.EqualTo("氏名"));
            Assert.That(rows.Skip(1).Select(r => r[4]), Is.EqualTo(LoginIds(list)), "the list's rows in its order");
            Assert.That(rows.Skip(1).Select(r => r[1]), Is.EqualTo(new[] { "髙橋", "佐藤", "'=1+2" }), "a formula-looking name comes out inert");
        });
    }

    [Test]
    public async Task AuditPage_FindsByPersonAndEvent_WithTheEventsInWords_AndDownloadsTheSameEntries()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var token = Token();
        var colleague = (await AddColleaguesAsync(session.Admin.CompanyId, token, ($"{token}監査", "1"), ("別人", "2")))[0];
        var suspend = await session.Browser.GetAsync($"/employees/{colleague}/confirm/suspend");
        await session.Browser.SubmitAsync(suspend);

        var form = await session.Browser.GetAsync("/audit");
        var found = await session.Browser.GetAsync($"/audit?person={Uri.EscapeDataString(token + "監査")}&event=Suspended&pageSize=50");
        using var download = await session.Browser.GetWithoutRedirectAsync(found.Document.QuerySelector("#export-utf8")!.GetAttribute("href")!);
        var csv = Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync());

        Assert.Multiple(() =>
        {
            Assert.That(form.Document.QuerySelector("#event option[value=Suspended]")?.TextContent, Is.EqualTo("ご利用停止"), "in words");
            Assert.That(form.Document.QuerySelector("#event option[value=EmployeesExported]"), Is.Not.Null, "every event the site can name");
            Assert.That(found.Document.QuerySelectorAll("table.audit tbody tr").Select(r => r.GetAttribute("data-event")), Is.EqualTo(new[] { "Suspended" }));
            Assert.That(found.Text("#result-count"), Does.StartWith("1件中"));
            Assert.That(csv, Does.StartWith("\uFEFF\"日時 (Asia/Tokyo)\""));
            Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), "the header and the one entry shown");
            Assert.That(csv, Does.Contain($"\"{token}監査\""), "the person by name");
        });
    }

    [Test]
    public async Task AuditPage_TimeRange_IsTypedInTheDisplayTimeZone()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var colleague = (await AddColleaguesAsync(session.Admin.CompanyId, Token(), ("時刻", "1")))[0];
        await session.Browser.SubmitAsync(await session.Browser.GetAsync($"/employees/{colleague}/confirm/suspend"));
        var japan = TimeZoneInfo.ConvertTime(hosts.Time.GetUtcNow(), CsvExports.FindTimeZone(CsvExports.JapanTimeZone)!);
        string Local(TimeSpan shift) => (japan + shift).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

        var around = await session.Browser.GetAsync($"/audit?userId={colleague}&from={Local(TimeSpan.FromMinutes(-2))}&to={Local(TimeSpan.FromMinutes(2))}");
        var later = await session.Browser.GetAsync($"/audit?userId={colleague}&from={Local(TimeSpan.FromMinutes(2))}");

        Assert.That(around.Document.QuerySelectorAll("table.audit tbody tr").Select(r => r.GetAttribute("data-event")), Does.Contain("Suspended"));
        Assert.That(later.Document.QuerySelector("#no-audit"), Is.Not.Null, "a range after the event finds nothing");
        Assert.That(around.Document.QuerySelector("#account-filter"), Is.Not.Null, "the employee's page links by account, and says so");
    }

    /// <summary>Colleagues with employee number "{token}-{number}" (a search for the token finds them), written straight to the database (no password needed).</summary>
    private Task<List<Guid>> AddColleaguesAsync(Guid companyId, string token, params (string Name, string Number)[] people) =>
        hosts.Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var ids = new List<Guid>();
            foreach (var (name, number) in people)
            {
                var loginId = $"emp-{Guid.NewGuid():N}"[..14];
                var user = new HarmonyUser
                {
                    UserName = loginId,
                    NormalizedUserName = loginId.ToUpperInvariant(),
                    Email = $"{loginId}@example.com",
                    NormalizedEmail = $"{loginId}@EXAMPLE.COM",
                    EmailConfirmed = true,
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    DisplayName = name,
                    EmployeeNumber = $"{token}-{number}",
                    CompanyId = companyId,
                    CredentialKind = CredentialKind.Permanent,
                    CreatedAt = hosts.Server.Time.GetUtcNow(),
                };
                db.Users.Add(user);
                ids.Add(user.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });

    private static string SortLink(AdminSitePage page, string column) =>
        page.Document.QuerySelector($"#employees th[data-sort={column}] a")!.GetAttribute("href")!;

    private static string? AriaSort(AdminSitePage page, string column) =>
        page.Document.QuerySelector($"#employees th[data-sort={column}]")?.GetAttribute("aria-sort");

    private static string[] Names(AdminSitePage page) =>
        page.Document.QuerySelectorAll("#employees tbody tr td a[href^=\"/employees/\"]").Select(e => e.TextContent.Trim()).ToArray();

    private static string[] LoginIds(AdminSitePage page) =>
        page.Document.QuerySelectorAll("#employees tbody tr td code").Select(e => e.TextContent.Trim()).ToArray();

    private static string[] Rows(AdminSitePage page) =>
        page.Document.QuerySelectorAll("#employees tbody tr").Select(e => e.GetAttribute("data-employee-id")!).ToArray();

    private static string[] PageNumbers(AdminSitePage page) =>
        page.Document.QuerySelectorAll(".pager a[aria-label]").Select(e => e.TextContent.Trim()).ToArray();

    private static List<IReadOnlyList<string>> ShiftJisRows(byte[] bytes) => ListTestData.CsvRows(ListTestData.ShiftJis.GetString(bytes));

    private static string Token() => ListTestData.Token("G");
}
