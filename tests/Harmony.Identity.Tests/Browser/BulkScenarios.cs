using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// A representative clears the expired temporary credentials of their company in one bulk action from the dashboard, in
/// Chromium, in Japanese and in English (issue 12): the dashboard's count, the confirmation that names the people, the
/// result summary, and the instruction emails in the pickup folder.
/// </summary>
public sealed class BulkScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "期限切れの3人全員に再発行", "3人に再発行する", "3人全員に実行しました。")]
    [TestCase("en", "Reissue all 3 expired", "Reissue for 3 employees", "Done for all 3.")]
    public async Task Representative_ReissuesAllExpiredEmployees_InOneBulkAction_AndTheEmailsArrive(
        string language, string resolve, string submit, string summary)
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var expired = new List<TestEmployee>();
        foreach (var name in new[] { "期限 一郎", "期限 二郎", "期限 三郎" })
        {
            expired.Add(await hosts.Server.AddExpiredEmployeeAsync(representative.CompanyId, name));
        }
        var person = await StartScenarioAsync(hosts.AdminUrl, "admin-bulk-reissue", language);
        await person.GotoAsync($"/language/{language}?returnUrl=%2F");
        await person.SubmitLoginAsync(representative.LoginId, representative.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/"));

        var tile = person.Page.Locator($"#dashboard li[data-state='{EmployeeStates.TemporaryExpired}']");
        Assert.That(await tile.GetAttributeAsync("data-count"), Is.EqualTo("3"));
        await person.CheckPageAsync("dashboard");

        await person.ClickLinkAsync(resolve);
        Assert.That(person.CurrentPath, Is.EqualTo("/employees/bulk"));
        Assert.That(await person.Page.Locator("#bulk-ready tbody tr").CountAsync(), Is.EqualTo(3), "the confirmation names everyone it will reach");
        Assert.That(await person.TextAsync("#bulk-ready"), Does.Contain("期限 一郎").And.Contain("期限 三郎"));
        Assert.That((await hosts.Server.ReadUserAsync(expired[0].Id)).UserName, Is.EqualTo(expired[0].LoginId), "nothing changes before the confirmation");
        await person.CheckPageAsync("bulk-confirm");

        Assert.That(await person.TextAsync("main form[method=post] button[type=submit]"), Is.EqualTo(submit));
        await person.SubmitAsync();
        Assert.That(await person.TextAsync("#bulk-summary"), Is.EqualTo(summary));
        Assert.That(await person.Page.Locator("#bulk-done tbody tr").CountAsync(), Is.EqualTo(3));
        await person.CheckPageAsync("bulk-result");

        await Mailbox.DeliverAsync(hosts.Server);
        foreach (var employee in expired)
        {
            var mail = (await Mailbox.ReadAsync(hosts.Server, employee.Email)).Single();
            Assert.That(mail.Text(), Does.Contain((await hosts.Server.ReadUserAsync(employee.Id)).UserName), "the instruction email carries the new temporary login ID");
        }

        await person.GotoAsync($"/employees?state={EmployeeStates.TemporaryExpired}");
        Assert.That(await person.ExistsAsync("#no-results"), Is.True, "no one is left expired");
        await person.GotoAsync("/employees");
        Assert.That(await person.ExistsAsync("form#bulk"), Is.True);
        await person.CheckPageAsync("employees-bulk-bar");
    }
}
