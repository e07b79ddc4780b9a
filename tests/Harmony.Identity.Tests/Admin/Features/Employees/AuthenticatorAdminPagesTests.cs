using Harmony.Identity.Tests.Features.AdminApi;
using Harmony.Identity.Tests.Features.SignIn;

namespace Harmony.Identity.Tests.Admin.Features.Employees;

/// <summary>Decision 0029 in the admin site: the policy's new values on the company form, an employee's authenticator and its reset.</summary>
[TestFixture]
public sealed class AuthenticatorAdminPagesTests : AdminSiteFixture
{
    [Test]
    public async Task Representative_SeesTheAuthenticator_AndResetsIt_AfterConfirming()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, displayName: "紛失 四郎");
        await AuthenticatorPage.EnrolDirectlyAsync(hosts.Server, employee.Id);

        var detail = await session.Browser.GetAsync($"/employees/{employee.Id}");
        Assert.That(detail.Text("#authenticator"), Is.EqualTo("登録済み"));
        Assert.That(detail.Document.QuerySelector("#reset-authenticator"), Is.Not.Null);

        var confirm = await session.Browser.GetAsync($"/employees/{employee.Id}/confirm/reset-authenticator");
        Assert.That(confirm.Text("#confirmation"), Does.Contain("紛失 四郎").And.Contain(employee.LoginId));
        Assert.That(await hosts.Server.WithServicesAsync(s => s.GetRequiredService<Server.Features.SignIn.Authenticators>().IsEnrolledAsync(employee.Id)),
            Is.True, "showing the confirmation changes nothing");

        var reset = await session.Browser.SubmitAsync(confirm);
        Assert.That(reset.Uri.AbsolutePath, Is.EqualTo($"/employees/{employee.Id}"));
        Assert.That(reset.Text("#status-message"), Does.Contain("認証アプリとリカバリーコードを削除しました"));
        Assert.That(reset.Text("#authenticator"), Is.EqualTo("未登録"));
        Assert.That(reset.Document.QuerySelector("#reset-authenticator"), Is.Null, "nothing left to reset");
    }

    [Test]
    public async Task Operator_OffersEverySecondFactorMode_InWords_AndSavesOne()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var companyPath = $"/companies/{employee.CompanyId}";

        var edit = await session.Browser.GetAsync(companyPath + "/edit");
        var options = edit.Document.QuerySelectorAll("select[name='Input.Policy.SecondFactor'] option")
            .Select(o => (o.GetAttribute("value"), o.TextContent.Trim())).ToList();
        Assert.That(options, Is.EqualTo(new[]
        {
            ("Off", "使用しない"), ("Email", "メールで確認コードを送る"), ("Authenticator", "認証アプリのコード"),
            ("EmployeeChoice", "従業員が選ぶ(メールまたは認証アプリ)"), ("Passkey", "パスキー(パスワードでのログイン時はメールの確認コード)"),
        }));

        var saved = await session.Browser.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Policy.SecondFactor"] = "Authenticator" });
        Assert.That(saved.Uri.AbsolutePath, Is.EqualTo(companyPath));
        Assert.That(saved.Text("#policy"), Does.Contain("認証アプリのコード"));
        var stored = await hosts.Server.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().Companies.AsNoTracking().SingleAsync(c => c.Id == employee.CompanyId));
        Assert.That(stored.Policy.SecondFactor, Is.EqualTo(SecondFactorMode.Authenticator));
    }
}
