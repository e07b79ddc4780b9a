using System.Text.RegularExpressions;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Correcting an employee's address (issue 9 item 8): the former address is told, masked; whatever was sent to it stops
/// working (reset links, temporary credentials); a temporary account gets new temporary credentials at the new address.
/// </summary>
public sealed partial class EmailChangeTests : AppFixture
{
    private const string Invalid = "無効なログインIDまたはパスワードです。";

    private TestEmployee representative = null!;
    private AdminApiClient admin = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        admin = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));
    }

    [TestCase("ja", "【Harmony】マイページのメールアドレスが変更されました", "新しいメールアドレス: ", "所属企業のご担当者にご連絡ください")]
    [TestCase("en", "[Harmony] Your My Page email address was changed", "New email address: ", "contact your company representative")]
    public async Task EmailChange_TellsTheFormerAddress_InTheEmployeesLanguage_WithTheNewOneMasked(
        string locale, string subject, string label, string whomToCall)
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        await SetAsync(employee.Id, u => u.Locale = locale);
        var corrected = $"corrected-{Guid.NewGuid():N}@example.org";

        await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest(corrected)));

        await Mailbox.DeliverAsync(app);
        var notice = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(notice.Subject, Is.EqualTo(subject));
            Assert.That(notice.Text(), Does.Contain(label + "c***@example.org"));
            Assert.That(notice.Text(), Does.Contain(whomToCall));
            Assert.That(notice.Text(), Does.Not.Contain(corrected), "the old mailbox never learns the new address");
            Assert.That(notice.Html(), Does.Contain("c***@example.org").And.Not.Contain(corrected));
        });
        Assert.That(await Mailbox.ReadAsync(app, corrected), Is.Empty, "a permanent account gets nothing at the new address");
    }

    [Test]
    public async Task EmailChange_OfAPermanentAccount_SaysWhatHappened()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        var changed = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest($"p-{Guid.NewGuid():N}@example.com")));
        var english = await admin.WithLanguage("en").ReadAsync<ActionResult>(admin.WithLanguage("en").PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest($"q-{Guid.NewGuid():N}@example.com")));

        Assert.That((changed.Changed, changed.Outcome), Is.EqualTo((true,
            "メールアドレスを変更しました。以前のアドレス宛てにお送りしたパスワード再設定のリンクは使用できなくなりました。変更前のアドレスには、変更のお知らせメールを送信します。")));
        Assert.That(english.Outcome, Is.EqualTo(
            "The email address was changed. Password reset links sent to the former address no longer work. A notice of the change goes to the former address."));
    }

    [Test]
    public async Task EmailChange_OfAnAccountWithoutAnAddress_SendsNoNotice()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        await SetAsync(employee.Id, u => (u.Email, u.NormalizedEmail) = (null, null));
        var first = $"first-{Guid.NewGuid():N}@example.com";

        var changed = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest(first)));

        Assert.That(changed.Outcome, Is.EqualTo("メールアドレスを変更しました。"), "no former address: no notice, no links to void");
        var kinds = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().OutboxMessages
            .Where(m => m.UserId == employee.Id).Select(m => m.Kind).ToListAsync());
        Assert.That(kinds, Is.Empty);
    }

    [Test]
    public async Task EmailChange_VoidsAResetLinkSentToTheFormerAddress()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        var browser = app.CreateBrowser();
        var form = await browser.GetAsync("/account/forgot-password");
        await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!, new Dictionary<string, string> { ["LoginId"] = employee.LoginId });
        await Mailbox.DeliverAsync(app);
        var link = new Uri(ResetLink().Match((await Mailbox.ReadAsync(app, employee.Email)).Single().Text()).Value).PathAndQuery;
        Assert.That((await (await app.CreateBrowser().GetAsync(link)).ReadHtmlAsync()).QuerySelector("input[name=Password]"), Is.Not.Null,
            "the link works before the change");

        await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest($"moved-{Guid.NewGuid():N}@example.com")));

        var page = await (await app.CreateBrowser().GetAsync(link)).ReadHtmlAsync();
        Assert.That(page.QuerySelector("input[name=Password]"), Is.Null);
        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo("このリンクは無効か、有効期限が切れています"));
    }

    [Test]
    public async Task EmailChange_OfATemporaryAccount_ReissuesCredentialsToTheNewAddress_AndTheOldPasswordStopsWorking()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        var corrected = $"right-{Guid.NewGuid():N}@example.com";
        Assert.That((await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password)).Headers.Location!.PathOnly(),
            Is.EqualTo("/account/first-sign-in"), "the temporary credentials work before the change");

        var changed = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest(corrected)));

        Assert.That(changed.Outcome, Is.EqualTo("メールアドレスを変更しました。仮ログインID・仮パスワードを再発行し、新しいアドレスへのマイページ案内メールの送信を受け付けました。" +
                                                "以前のアドレスにお送りした仮ログインID・仮パスワードは使用できなくなりました。変更前のアドレスには、変更のお知らせメールを送信します。"));
        Assert.That(await AlertAsync(employee.LoginId, employee.Password), Is.EqualTo(Invalid), "the credentials sent to the wrong address are dead");
        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, corrected);
        Assert.That(loginId, Is.Not.EqualTo(employee.LoginId));
        var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(signIn.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));

        var former = await Mailbox.ReadAsync(app, employee.Email);
        Assert.That(former.Select(m => m.Subject), Is.EqualTo(new[] { "【Harmony】マイページのメールアドレスが変更されました" }), "the old address gets the notice, no credentials");
        var audit = (await app.AuditOfAsync(employee.Id)).Where(a => a.Actor == "admin:" + representative.Id).Select(a => (a.Event, a.Reason)).ToList();
        Assert.That(audit, Is.EqualTo(new[]
        {
            (AuditEvents.EmailChanged, AuditReasons.ByAdmin),
            (AuditEvents.TemporaryCredentialsIssued, AuditReasons.EmailCorrected),
        }));
    }

    [Test]
    public async Task EmailChange_ToARestrictedAddress_StillVoidsTheOldTemporaryCredentials_AndSaysNothingIsSent()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        var bouncing = $"bouncing-{Guid.NewGuid():N}@example.com";
        await app.RestrictAddressAsync(bouncing);

        var changed = await admin.WithLanguage("en").ReadAsync<ActionResult>(admin.WithLanguage("en").PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest(bouncing)));

        Assert.That(changed.Outcome, Does.Contain("sending to the new address is restricted and no instruction email will be sent"));
        Assert.That(await AlertAsync(employee.LoginId, employee.Password), Is.EqualTo(Invalid));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, bouncing), Is.Empty);
    }

    [Test]
    public async Task EmailChange_OfLetterCaseOnly_KeepsWhatWasSent()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);

        var changed = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest(employee.Email.ToUpperInvariant())));

        Assert.That((changed.Changed, changed.Outcome), Is.EqualTo((true, "メールアドレスを変更しました。")));
        Assert.That((await app.ReadUserAsync(employee.Id)).Email, Is.EqualTo(employee.Email.ToUpperInvariant()));
        Assert.That((await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password)).Headers.Location!.PathOnly(),
            Is.EqualTo("/account/first-sign-in"), "the same mailbox: the temporary credentials it holds still work");
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Is.Empty, "nobody to warn");
    }

    [Test]
    public async Task EmailChange_EndsTheEmployeesSignInSession_ButLeavesTheirAppsSignedIn()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest($"s-{Guid.NewGuid():N}@example.com")));

        var silent = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        Assert.That(silent.Headers.Location!.ToString(), Does.Contain("error=login_required"), "the identity server's session cookie is void");
        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.AccessToken, Is.Not.Null, "an address correction is no reason to sign the employee out of their apps");
    }

    private Task<int> SetAsync(Guid userId, Action<HarmonyUser> change) => app.SetUserAsync(userId, change);

    private async Task<string> AlertAsync(string loginId, string password)
    {
        var page = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password)).ReadHtmlAsync();
        return page.Text("[role=alert] .alert-title");
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex ResetLink();
}
