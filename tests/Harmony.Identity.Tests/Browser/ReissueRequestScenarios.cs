using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// FAQ Q11, self-service, in Chromium (decision 0028), both apps on Kestrel: expired temporary credentials → the
/// expired-credentials page → "ask my company to reissue" → the representative approves on the dashboard in one click →
/// the new instruction email from the pickup folder → the conversion with the new temporary credentials → signed in.
/// </summary>
public sealed class ReissueRequestScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "会社に再発行を依頼する", "再発行のご依頼をご担当者に送りました", "承認", "承認しました")]
    [TestCase("en", "Ask my company to reissue", "Your reissue request has been sent to your company representative", "Approve", "was approved")]
    public async Task Q11_ExpiredCredentials_RequestApprovedOnTheDashboard_NewEmailLeadsToTheConversion(
        string language, string button, string sent, string approve, string approved)
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddExpiredEmployeeAsync(representative.CompanyId, "期限 切子");

        var person = await StartScenarioAsync(hosts.ServerUrl, "q11-reissue-request", language);
        await person.GotoAsync($"/language/{language}?returnUrl=%2Faccount%2Flogin");
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/temporary-expired"));
        Assert.That(await person.TextAsync("[role=alert] .alert-title"), Is.EqualTo(SpecTexts.TemporaryExpired(language)), "the FAQ's message");
        await person.CheckPageAsync("expired");

        Assert.That(await person.TextAsync("#request-reissue"), Is.EqualTo(button));
        await person.SubmitAsync("#request-reissue");
        Assert.That(await person.TextAsync("#reissue-outcome .notice-title"), Is.EqualTo(sent));
        await person.CheckPageAsync("requested");

        var admin = await StartScenarioAsync(hosts.AdminUrl, "q11-reissue-dashboard", language);
        await admin.GotoAsync($"/language/{language}?returnUrl=%2F");
        await admin.SubmitLoginAsync(representative.LoginId, representative.Password);
        Assert.That(admin.CurrentPath, Is.EqualTo("/"));
        var row = admin.Page.Locator($"#reissue-requests tr[data-employee='{employee.Id}']");
        Assert.That(await row.InnerTextAsync(), Does.Contain("期限 切子"));
        await admin.CheckPageAsync("dashboard");

        await row.Locator("button[data-action=approve]").ClickAsync();
        await admin.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        Assert.That(await admin.TextAsync("#status-message"), Does.Contain(approved));
        Assert.That(await admin.ExistsAsync("#reissue-requests"), Is.False, "nothing left to decide");
        await admin.CheckPageAsync("approved");
        Assert.That(await admin.Page.Locator("button").AllInnerTextsAsync(), Does.Not.Contain(approve));

        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(hosts.Server, employee.Email);
        await person.GotoAsync("/account/login");
        await person.SubmitLoginAsync(loginId, password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/first-sign-in"), "the new temporary credentials work");
        await person.CheckPageAsync("conversion");

        var newLoginId = "kiko-" + Guid.NewGuid().ToString("N")[..8];
        await person.FillAsync("#new-login-id", newLoginId);
        await person.FillAsync("#new-password", "Brand#New2026");
        await person.FillAsync("#new-password-confirmation", "Brand#New2026");
        await person.SubmitAsync();
        Assert.That(person.CurrentPath, Is.Not.EqualTo("/account/first-sign-in"));
        var user = await hosts.Server.ReadUserAsync(employee.Id);
        Assert.That((user.UserName, user.CredentialKind), Is.EqualTo((newLoginId, CredentialKind.Permanent)));
        Assert.That((await hosts.Server.AuditOfAsync(employee.Id)).Last().Event, Is.EqualTo(AuditEvents.SignInSucceeded), "signed in");
    }
}
