namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// The admin site in Chromium, both apps on Kestrel (<see cref="AdminSiteHosts"/>): a company representative signs in
/// through the identity server, enrols an employee and suspends them after confirming, in Japanese and in English.
/// </summary>
public sealed class AdminSiteScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "新人 花子")]
    [TestCase("en", "Hanako Shinjin")]
    public async Task Representative_SignsIn_EnrolsAnEmployee_AndSuspendsThemAfterConfirming(string language, string name)
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var person = await StartScenarioAsync(hosts.AdminUrl, "admin-representative", language);

        // The admin site's language switch; its sign-in then asks the identity server for the same language.
        await person.GotoAsync($"/language/{language}?returnUrl=%2F");
        Assert.That(new Uri(person.Page.Url).Authority, Is.EqualTo(hosts.ServerUrl.Authority), "signing in happens on the identity server");
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"));
        await person.CheckPageAsync("login");
        await person.SubmitLoginAsync(representative.LoginId, representative.Password);
        Assert.That(new Uri(person.Page.Url).Authority, Is.EqualTo(hosts.AdminUrl.Authority), "back on the admin site, signed in");
        Assert.That(await person.ExistsAsync("#signed-in-as"), Is.True);
        await person.CheckPageAsync("home");

        await person.Page.Locator(".admin-nav a[href='/employees']").ClickAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/employees"));
        await person.CheckPageAsync("employees");

        await person.GotoAsync("/employees/new");
        await person.CheckPageAsync("enrol");
        var email = $"new-{Guid.NewGuid():N}@example.com";
        await person.FillAsync("#Input_EmployeeNumber", "E-" + Guid.NewGuid().ToString("N")[..8]);
        await person.FillAsync("#Input_DisplayName", name);
        await person.FillAsync("#Input_Email", "not-an-address");
        await person.Page.SelectOptionAsync("#Input_Locale", language);
        await person.SubmitAsync();
        Assert.That(await person.Page.GetAttributeAsync("#Input_Email", "aria-invalid"), Is.EqualTo("true"), "the wrong field is marked");
        Assert.That(await person.TextAsync("#error-summary"), Is.Not.Empty);
        await person.CheckPageAsync("enrol-invalid");

        await person.FillAsync("#Input_Email", email);
        await person.SubmitAsync();
        var loginId = await person.TextAsync("#login-id");
        Assert.That(await person.TextAsync("#employee-name"), Is.EqualTo(name));
        Assert.That(await person.TextAsync("#status-message"), Does.Contain(loginId));
        await person.CheckPageAsync("enrolled");
        var employeeId = Guid.Parse(person.CurrentPath["/employees/".Length..]);

        await Mailbox.DeliverAsync(hosts.Server);
        Assert.That((await Mailbox.ReadAsync(hosts.Server, email)).Single().Text(), Does.Contain(loginId), "the My Page instruction email");

        await person.Page.Locator("#employee-actions a.danger").ClickAsync();
        Assert.That(person.CurrentPath, Is.EqualTo($"/employees/{employeeId}/confirm/suspend"));
        Assert.That(await person.TextAsync("#confirmation"), Does.Contain(name).And.Contain(loginId));
        Assert.That((await hosts.Server.ReadUserAsync(employeeId)).IsSuspended, Is.False, "nothing changes before the confirmation");
        await person.CheckPageAsync("confirm-suspend");

        await person.SubmitAsync();
        Assert.That(person.CurrentPath, Is.EqualTo($"/employees/{employeeId}"));
        Assert.That(await person.Page.Locator(".page-head [data-state]").EvaluateAllAsync<string[]>("badges => badges.map(b => b.dataset.state)"),
            Does.Contain("suspended"));
        Assert.That(await person.ExistsAsync("#status-message"), Is.True);
        Assert.That((await hosts.Server.ReadUserAsync(employeeId)).IsSuspended, Is.True);
        await person.CheckPageAsync("suspended");
    }
}
