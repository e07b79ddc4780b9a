using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Issue 12's onboarding in Chromium, in Japanese and in English: an operator creates a company with its first
/// representative, who signs in with the temporary credentials of the instruction email found in the pickup folder,
/// converts them and reaches the admin site's home page for their company; an operator removes a representative after
/// confirming, and the representative's next page is refused.
/// </summary>
public sealed class OnboardingScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "初代 花子", "オンボード商事株式会社", "仮ログインID", "仮パスワード")]
    [TestCase("en", "Hanako Shodai", "Onboard Trading Inc.", "Temporary login ID", "Temporary password")]
    public async Task Operator_CreatesACompanyWithItsFirstRepresentative_WhoSignsInAndReachesTheHomePage(
        string language, string name, string companyName, string loginIdLabel, string passwordLabel)
    {
        var supportDesk = await hosts.CreateAdminAsync(HarmonyRoles.Operator);
        var code = "onb-" + Guid.NewGuid().ToString("N")[..10];
        var email = $"first-{Guid.NewGuid():N}@example.com";

        var operatorBrowser = await StartScenarioAsync(hosts.AdminUrl, "onboarding-operator", language);
        await operatorBrowser.GotoAsync($"/language/{language}?returnUrl=%2Fcompanies%2Fnew");
        await operatorBrowser.SubmitLoginAsync(supportDesk.LoginId, supportDesk.Password);
        Assert.That(operatorBrowser.CurrentPath, Is.EqualTo("/companies/new"));
        await operatorBrowser.CheckPageAsync("company-create");

        await operatorBrowser.FillAsync("#Input_Code", code);
        await operatorBrowser.FillAsync("#Input_NameJa", "オンボード商事株式会社");
        await operatorBrowser.FillAsync("#Input_NameEn", "Onboard Trading Inc.");
        await operatorBrowser.FillAsync("#Input_FirstRepresentative_EmployeeNumber", "R-001");
        await operatorBrowser.FillAsync("#Input_FirstRepresentative_DisplayName", name);
        await operatorBrowser.FillAsync("#Input_FirstRepresentative_Email", "not-an-address");
        await operatorBrowser.Page.SelectOptionAsync("#Input_FirstRepresentative_Locale", language);
        await operatorBrowser.SubmitAsync();
        Assert.That(await operatorBrowser.Page.GetAttributeAsync("#Input_FirstRepresentative_Email", "aria-invalid"), Is.EqualTo("true"));
        await operatorBrowser.CheckPageAsync("company-create-invalid");

        await operatorBrowser.FillAsync("#Input_FirstRepresentative_Email", email);
        await operatorBrowser.SubmitAsync();
        Assert.That(await operatorBrowser.TextAsync("#company-name"), Is.EqualTo(companyName));
        Assert.That(await operatorBrowser.TextAsync("#status-message"), Does.Contain(name).And.Contain(email));
        Assert.That(await operatorBrowser.TextAsync("#role-holders-company-admin"), Does.Contain(name));
        await operatorBrowser.CheckPageAsync("company-with-representative");

        await operatorBrowser.GotoAsync("/operators");
        await operatorBrowser.CheckPageAsync("operators");

        await Mailbox.DeliverAsync(hosts.Server);
        var instruction = (await Mailbox.ReadAsync(hosts.Server, email)).Single().Text();
        var temporaryLoginId = AdminTestData.ValueAfter(instruction, loginIdLabel);
        var temporaryPassword = AdminTestData.ValueAfter(instruction, passwordLabel);

        var representative = await StartScenarioAsync(hosts.AdminUrl, "onboarding-representative", language);
        await representative.GotoAsync($"/language/{language}?returnUrl=%2F");
        Assert.That(representative.CurrentPath, Is.EqualTo("/account/login"));
        await representative.SubmitLoginAsync(temporaryLoginId, temporaryPassword);
        Assert.That(representative.CurrentPath, Is.EqualTo("/account/first-sign-in"), "temporary credentials are converted first (FAQ Q10)");
        await representative.CheckPageAsync("first-sign-in");

        var loginId = "rep-" + Guid.NewGuid().ToString("N")[..10];
        await representative.FillAsync("#new-login-id", loginId);
        await representative.FillAsync("#new-password", "Onboard#Rep2026");
        await representative.FillAsync("#new-password-confirmation", "Onboard#Rep2026");
        await representative.SubmitAsync();

        Assert.That(new Uri(representative.Page.Url).Authority, Is.EqualTo(hosts.AdminUrl.Authority), "back on the admin site, signed in");
        Assert.That(representative.CurrentPath, Is.EqualTo("/"));
        Assert.That(await representative.TextAsync("#signed-in-as"), Is.EqualTo(name));
        Assert.That(await representative.TextAsync("main"), Does.Contain(companyName), "the home page shows their company");
        await representative.CheckPageAsync("representative-home");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Operator_RemovesARepresentative_AfterConfirming_AndTheRepresentativesNextPageIsRefused(string language)
    {
        var supportDesk = await hosts.CreateAdminAsync(HarmonyRoles.Operator);
        var representativeAccount = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);

        var representative = await StartScenarioAsync(hosts.AdminUrl, "roles-representative", language);
        await representative.GotoAsync($"/language/{language}?returnUrl=%2Fcompanies%2F{representativeAccount.CompanyId}");
        await representative.SubmitLoginAsync(representativeAccount.LoginId, representativeAccount.Password);
        Assert.That(await representative.ExistsAsync($"#role-holders-company-admin tr[data-employee-id='{representativeAccount.Id}']"), Is.True);
        Assert.That(await representative.ExistsAsync("#representative-search"), Is.False, "representatives read the list only");
        await representative.CheckPageAsync("company-representatives-read-only");

        var operatorBrowser = await StartScenarioAsync(hosts.AdminUrl, "roles-operator", language);
        await operatorBrowser.GotoAsync($"/language/{language}?returnUrl=%2Femployees%2F{representativeAccount.Id}");
        await operatorBrowser.SubmitLoginAsync(supportDesk.LoginId, supportDesk.Password);
        await operatorBrowser.CheckPageAsync("employee-roles");
        await operatorBrowser.Page.Locator("#revoke-representative").ClickAsync();
        Assert.That(operatorBrowser.CurrentPath, Is.EqualTo($"/employees/{representativeAccount.Id}/roles/company-admin/revoke"));
        Assert.That(await operatorBrowser.TextAsync("#confirmation"), Does.Contain(representativeAccount.LoginId));
        await operatorBrowser.CheckPageAsync("confirm-revoke");
        await operatorBrowser.SubmitAsync();
        Assert.That(operatorBrowser.CurrentPath, Is.EqualTo($"/employees/{representativeAccount.Id}"));
        Assert.That(await operatorBrowser.ExistsAsync("#grant-representative"), Is.True);
        await operatorBrowser.CheckPageAsync("revoked");

        await representative.GotoAsync("/employees");
        // The refusal is a 403 page (which the browser logs as a failed load, so the page check is not run on it).
        Assert.That(await representative.ExistsAsync("#not-authorized"), Is.True, "the next page after the revoke is refused");
    }
}
