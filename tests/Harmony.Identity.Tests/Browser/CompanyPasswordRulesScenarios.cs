using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Browser;

/// <summary>Decision 0024 in Chromium: the support desk switches a company to NIST rules on the admin site's company edit page.</summary>
public sealed class CompanyPasswordRulesScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "長さ重視(NIST SP 800-63B rev. 4: 15文字以上、文字の種類は問わない)")]
    [TestCase("en", "Length first (NIST SP 800-63B rev. 4: 15 characters or more, any characters)")]
    public async Task Operator_ChoosesNistRulesForACompany_AndTheCompanyPageShowsThem(string language, string nistLabel)
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        var operatorAccount = await hosts.CreateAdminAsync(HarmonyRoles.Operator);
        var person = await StartScenarioAsync(hosts.AdminUrl, "admin-password-rules", language);
        await person.GotoAsync($"/language/{language}?returnUrl=%2F");
        await person.SubmitLoginAsync(operatorAccount.LoginId, operatorAccount.Password);

        await person.GotoAsync($"/companies/{employee.CompanyId}/edit");
        Assert.That(await person.Page.InputValueAsync("#Input_Policy_PasswordRules"), Is.EqualTo("Faq"));
        await person.CheckPageAsync("company-edit");

        await person.Page.SelectOptionAsync("#Input_Policy_PasswordRules", "Nist");
        await person.SubmitAsync();
        Assert.That(person.CurrentPath, Is.EqualTo($"/companies/{employee.CompanyId}"));
        Assert.That(await person.TextAsync("#policy"), Does.Contain(nistLabel));
        await person.CheckPageAsync("company-nist");

        var company = await hosts.Server.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().Companies.AsNoTracking().SingleAsync(c => c.Id == employee.CompanyId));
        Assert.That(company.Policy.PasswordRules, Is.EqualTo(PasswordRuleSet.Nist));
    }
}
