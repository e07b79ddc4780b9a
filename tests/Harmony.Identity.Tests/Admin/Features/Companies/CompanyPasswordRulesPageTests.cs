using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Admin.Features.Companies;

/// <summary>Decision 0024 in the admin site: the operator picks a company's password rules; its representative reads them.</summary>
[TestFixture]
public sealed class CompanyPasswordRulesPageTests : AdminSiteFixture
{
    [Test]
    public async Task Operator_SwitchesACompanyToNistRules_OnTheEditPage_AndTheChangeIsAuditedAndApplied()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var companyPath = $"/companies/{employee.CompanyId}";

        var edit = await session.Browser.GetAsync(companyPath + "/edit");
        Assert.That(edit.Document.QuerySelector("select[name='Input.Policy.PasswordRules'] option[selected]")?.GetAttribute("value"), Is.EqualTo("Faq"),
            "every company starts on the FAQ's rules");
        var saved = await session.Browser.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Policy.PasswordRules"] = "Nist" });

        Assert.That(saved.Uri.AbsolutePath, Is.EqualTo(companyPath));
        Assert.That(saved.Text("#policy"), Does.Contain("長さ重視(NIST SP 800-63B rev. 4: 15文字以上、文字の種類は問わない)"));
        var stored = await hosts.Server.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().Companies.AsNoTracking().SingleAsync(c => c.Id == employee.CompanyId));
        Assert.That(stored.Policy.PasswordRules, Is.EqualTo(PasswordRuleSet.Nist));
        var audited = await hosts.Server.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.CompanyId == employee.CompanyId && a.Event == CompanyAuditEvents.CompanyUpdated).Select(a => a.Details).ToListAsync());
        Assert.That(audited, Has.One.Contains("password rules Faq -> Nist"));

        var log = await session.Browser.GetAsync($"/audit?companyId={employee.CompanyId}&event={CompanyAuditEvents.CompanyUpdated}");
        Assert.That(log.Document.QuerySelector("table.audit tbody tr[data-event='CompanyUpdated'] .audit-details")?.TextContent,
            Does.Contain("パスワードのルール: 標準 → 長さ重視 (NIST)"), "the audit log reads the change as a sentence");
    }

    [Test]
    public async Task Operator_WhoPostsAnUnknownRuleSet_SeesTheReasonBesideTheField()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);

        var edit = await session.Browser.GetAsync($"/companies/{employee.CompanyId}/edit");
        var refused = await session.Browser.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Policy.PasswordRules"] = "Weak" });

        Assert.That(refused.Uri.AbsolutePath, Is.EqualTo($"/companies/{employee.CompanyId}/edit"));
        Assert.That(refused.Text("[data-valmsg-for='Input.Policy.PasswordRules']"), Is.EqualTo("パスワードのルールは Faq, Nist のいずれかを指定してください。"));
    }

    [Test]
    public async Task Representative_ReadsTheirCompanysPasswordRules()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);

        var company = await session.Browser.GetAsync($"/companies/{session.Admin.CompanyId}");
        Assert.That(company.Text("#policy"), Does.Contain("パスワードのルール").And.Contain("標準(8文字以上、英大文字・英小文字・記号文字を含む)"));
    }
}
