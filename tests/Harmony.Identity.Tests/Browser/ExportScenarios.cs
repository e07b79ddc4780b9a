using Harmony.Identity.Tests.Features.AdminApi;
using Harmony.Identity.Tests.Features.AdminApi.Lists;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// The export in Chromium (issue 12's browser scenario), in Japanese and in English: a representative filters and sorts
/// the employee list, downloads it as CSV, and the file holds the rows the list shows, with a formula-looking name inert;
/// the audit log then shows the export.
/// </summary>
public sealed class ExportScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "氏名")]
    [TestCase("en", "Name")]
    public async Task Representative_ExportsTheFilteredList_AndTheCsvHasItsRows_WithAFormulaNameInert(string language, string nameHeader)
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var token = ListTestData.Token("B");
        foreach (var (number, name) in new[] { ("1", "=HYPERLINK(\"http://evil.example\",\"OK\")"), ("2", "山田 花子"), ("3", "Smith") })
        {
            await hosts.Server.AddEmployeeAsync(representative.CompanyId, employeeNumber: $"{token}-{number}", displayName: name);
        }
        var person = await StartScenarioAsync(hosts.AdminUrl, "admin-export", language);
        await person.GotoAsync($"/language/{language}?returnUrl=%2Femployees");
        await person.SubmitLoginAsync(representative.LoginId, representative.Password);

        await person.FillAsync("#text", token);
        await person.Page.SelectOptionAsync("#pageSize", "50");
        await person.Page.Locator("form.search button[type=submit]").ClickAsync();
        await person.Page.Locator("#employees th[data-sort=name] a").ClickAsync();
        await person.Page.Locator("#employees th[data-sort=name] a").ClickAsync();
        Assert.That(await person.Page.GetAttributeAsync("#employees th[data-sort=name]", "aria-sort"), Is.EqualTo("descending"));
        Assert.That(new Uri(person.Page.Url).Query, Does.Contain($"text={token}").And.Contain("pageSize=50").And.Contain("direction=desc"),
            "the list can be bookmarked as it is");
        await person.CheckPageAsync("employees-sorted");
        var shown = await person.Page.Locator("#employees tbody tr td code").AllInnerTextsAsync();

        var download = await person.Page.RunAndWaitForDownloadAsync(() => person.Page.Locator("#export-utf8").ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 with its byte order mark");
        var rows = ListTestData.CsvRows(Encoding.UTF8.GetString(bytes[3..]));

        Assert.Multiple(() =>
        {
            Assert.That(download.SuggestedFilename, Does.StartWith("employees-").And.EndWith(".csv"));
            Assert.That(rows[0][1], Is.EqualTo(nameHeader), "headers in the page's language");
            Assert.That(rows.Skip(1).Select(r => r[4]), Is.EqualTo(shown.Select(s => s.Trim())), "the rows the list shows, in its order");
            Assert.That(rows.Skip(1).Select(r => r[1]), Does.Contain("'=HYPERLINK(\"http://evil.example\",\"OK\")"), "the formula comes out inert");
        });
        await person.CheckPageAsync("employees-exported");

        // The audit log records the export, found by the event's name in words.
        await person.GotoAsync("/audit");
        await person.Page.SelectOptionAsync("#event", "EmployeesExported");
        await person.Page.Locator("form.search button[type=submit]").ClickAsync();
        Assert.That(await person.Page.Locator("table.audit tbody tr[data-event=EmployeesExported]").CountAsync(), Is.EqualTo(1));
        await person.CheckPageAsync("audit-exported");
    }
}
