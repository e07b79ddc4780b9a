namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// The apps' pages in Chromium (issue 12 item 8): an operator registers an app, edits it, disables it after confirming,
/// enables it and deletes it after confirming, each page checked by axe-core and photographed, in both languages.
/// </summary>
public sealed class AppPageScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "経費精算アプリ")]
    [TestCase("en", "Expense app")]
    public async Task Operator_EditsDisablesEnablesAndDeletesAnApp(string language, string name)
    {
        var support = await hosts.CreateAdminAsync(HarmonyRoles.Operator);
        var person = await StartScenarioAsync(hosts.AdminUrl, "admin-apps", language);
        await person.GotoAsync($"/language/{language}?returnUrl=%2Fclients");
        await person.SubmitLoginAsync(support.LoginId, support.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/clients"));
        await person.CheckPageAsync("apps");

        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        await person.GotoAsync("/clients/new");
        await person.FillAsync("#Input_ClientId", clientId);
        await person.FillAsync("#Input_DisplayName", name);
        await person.Page.Locator("input[name='Input.IsPublic'][value='true']").CheckAsync();
        await person.FillAsync("#Input_RedirectUris", "https://app.example.com/callback");
        await person.SubmitAsync();

        await person.GotoAsync($"/clients/{clientId}");
        Assert.That(await person.TextAsync("#client-name"), Is.EqualTo(name));
        await person.CheckPageAsync("app");

        await person.GotoAsync($"/clients/{clientId}/edit");
        await person.FillAsync("#Input_RedirectUris", "not a uri");
        await person.SubmitAsync();
        Assert.That(await person.Page.GetAttributeAsync("#Input_RedirectUris", "aria-invalid"), Is.EqualTo("true"));
        await person.CheckPageAsync("edit-invalid");
        await person.FillAsync("#Input_RedirectUris", "https://app.example.com/callback\nhttps://app.example.com/other");
        await person.SubmitAsync();
        Assert.That(await person.TextAsync("#client-redirects"), Does.Contain("https://app.example.com/other"));

        await person.Page.Locator($"#client-actions a[href$='/disable']").ClickAsync();
        await person.CheckPageAsync("confirm-disable");
        await person.SubmitAsync();
        Assert.That(await person.ExistsAsync("#client-status .badge.inactive"), Is.True);
        await person.CheckPageAsync("disabled");
        await person.Page.Locator("#client-enable").ClickAsync();
        Assert.That(await person.ExistsAsync("#client-status .badge.state-active"), Is.True);

        await person.Page.Locator($"#client-actions a[href$='/delete']").ClickAsync();
        await person.CheckPageAsync("confirm-delete");
        await person.SubmitAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/clients"));
        Assert.That(await person.Page.Locator($"#clients tr[data-client-id='{clientId}']").CountAsync(), Is.Zero);
        await person.CheckPageAsync("deleted");
    }
}
