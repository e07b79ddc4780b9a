using System.Text.RegularExpressions;
using Harmony.Identity.Tests.Features.AdminApi;
using Microsoft.AspNetCore.Identity;
using AdminApiClient = Harmony.Identity.Tests.Features.AdminApi.AdminApiClient;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// Passkeys over HTTP (decision 0030): the pages' answers, the options the server hands the browser, refusals, the
/// policy's offer, the admin side's count and removal, and reissue. The ceremonies themselves run in Chromium
/// (<c>Browser/PasskeyScenarios</c>).
/// </summary>
public sealed partial class PasskeyTests : AppFixture
{
    /// <summary>WebAuthn needs a host name as relying party; the in-memory client calls the server localhost.</summary>
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Harmony:Email:PublicBaseUrl"] = "http://localhost/" };

    [Test]
    public async Task PasskeysPage_WithoutASession_SendsToTheLoginPage_ComingBackToIt()
    {
        var response = await app.CreateBrowser().GetAsync("/account/passkeys");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        Assert.That(Uri.UnescapeDataString(response.Headers.Location!.Query), Does.Contain("ReturnUrl=/account/passkeys"));
    }

    [Test]
    public async Task LoginPage_RequestOptions_NameThePublicHost_RequireUserVerification_AndNameNoAccount()
    {
        var browser = app.CreateBrowser();
        var page = await (await browser.GetAsync("/account/login")).ReadHtmlAsync();
        Assert.That(page.QuerySelector("form#passkey-form[hidden] button#passkey-signin"), Is.Not.Null, "offered, for the script to show");

        var options = await PostToLoginAsync(browser, page, "PasskeyOptions", []);
        Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.OK), await options.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await options.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("rpId").GetString(), Is.EqualTo("localhost"), "from the public URL, not the Host header");
            Assert.That(json.RootElement.GetProperty("userVerification").GetString(), Is.EqualTo("required"));
            Assert.That(json.RootElement.TryGetProperty("allowCredentials", out var allowed) ? allowed.GetArrayLength() : 0, Is.Zero,
                "a discoverable credential: the options name no account");
        });
    }

    [TestCase("ja", "このパスキーではログインできません")]
    [TestCase("en", "This passkey cannot be used to log in")]
    public async Task PasskeyAnswer_ThatIsNoCredential_IsRefusedWithTheMessage_AndAudited(string language, string expected)
    {
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=%2Faccount%2Flogin");
        var page = await (await browser.GetAsync("/account/login")).ReadHtmlAsync();
        var before = await RejectedCountAsync();

        var response = await PostToLoginAsync(browser, page, "Passkey", new() { ["Credential"] = "{\"id\":\"AAAA\",\"type\":\"public-key\"}" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var answer = await response.ReadHtmlAsync();
        Assert.That(answer.Text("[role=alert] .alert-title"), Is.EqualTo(expected));
        Assert.That(await RejectedCountAsync(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task PasskeyPolicy_AfterThePasswordAndTheEmailCode_OffersAPasskey_WithLater()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = SecondFactorMode.Passkey);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);

        var afterPassword = await flow.SignInAsync(employee.LoginId, employee.Password);
        Assert.That(afterPassword.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"), "the password path works as Email");
        var codeUri = new Uri(browser.BaseAddress!, afterPassword.Headers.Location!);
        var codePage = await (await browser.GetAsync(codeUri)).ReadHtmlAsync();
        await Mailbox.DeliverAsync(app);
        var code = SixDigits().Match((await Mailbox.ReadAsync(app, employee.Email)).Last().Text()).Value;
        var afterCode = await browser.SubmitFormAsync(codePage, codeUri, new Dictionary<string, string> { ["Code"] = code });

        Assert.That(afterCode.Headers.Location!.PathOnly(), Is.EqualTo("/account/passkeys"));
        Assert.That(afterCode.Headers.Location!.OriginalString, Does.Contain("offer=true"));
        var offer = await (await browser.GetAsync(afterCode.Headers.Location!)).ReadHtmlAsync();
        var later = offer.QuerySelector("a#passkey-later")!.GetAttribute("href")!;
        Assert.That(later, Does.StartWith("/connect/authorize"), "later goes on to the app");
        Assert.That(await flow.FollowToCodeAsync(await browser.GetAsync(later)), Is.Not.Empty, "the session is open already");
    }

    [Test]
    public async Task PasskeysPage_AfterTenMinutes_AsksForThePasswordAgain_ThenOffersTheButtonAgain()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));

        var fresh = await (await browser.GetAsync("/account/passkeys")).ReadHtmlAsync();
        Assert.That(fresh.QuerySelector("form#create-form"), Is.Not.Null, "a sign-in just now is recent");
        Assert.That(fresh.QuerySelector("form#confirm-form"), Is.Null);

        app.Time.Advance(TimeSpan.FromMinutes(11));
        var stale = await (await browser.GetAsync("/account/passkeys")).ReadHtmlAsync();
        Assert.That(stale.QuerySelector("form#create-form"), Is.Null, "no creation on an old sign-in");
        var pageUri = new Uri(browser.BaseAddress!, "/account/passkeys");
        var wrong = await (await browser.SubmitFormAsync(stale, pageUri, new Dictionary<string, string> { ["Password"] = "Wrong#Password1" },
            "form#confirm-form")).ReadHtmlAsync();
        Assert.That(wrong.Text("#passkeys-error"), Is.EqualTo("無効なログインIDまたはパスワードです。"));

        var confirmed = await browser.SubmitFormAsync(wrong, pageUri, new Dictionary<string, string> { ["Password"] = employee.Password },
            "form#confirm-form");
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var again = await (await browser.GetAsync(confirmed.Headers.Location!)).ReadHtmlAsync();
        Assert.That(again.QuerySelector("form#create-form"), Is.Not.Null, "the password renewed the sign-in time");
        Assert.That((await app.AuditOfAsync(employee.Id)).Count(a => a.Event == AuditEvents.SignInFailed && a.Reason == AuditReasons.WrongPassword),
            Is.EqualTo(1), "the wrong password counted as on the login page");
    }

    [Test]
    public async Task Representative_RemovesAnEmployeesPasskeys_Audited_TheEmployeeIsTold_AndTheCountSaysSo()
    {
        var admin = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var employee = await app.AddEmployeeAsync(admin.CompanyId);
        await AddPasskeyAsync(employee.Id);
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, admin));
        Assert.That((await api.EmployeeAsync(employee.Id)).Passkeys, Is.EqualTo(1));

        var removed = await api.ActAsync(employee.Id, "remove-passkeys");
        var again = await api.ActAsync(employee.Id, "remove-passkeys");

        Assert.That(removed.Changed, Is.True);
        Assert.That(again.Changed, Is.False, "nothing left to remove");
        Assert.That((await api.EmployeeAsync(employee.Id)).Passkeys, Is.Zero);
        var audit = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.PasskeyRemoved);
        Assert.That(audit.Reason, Is.EqualTo(AuditReasons.ByAdmin));
        Assert.That(audit.Actor, Is.Not.Null);
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Select(m => m.Subject), Has.Some.Contains("パスキーが削除されました"));
    }

    [Test]
    public async Task Reissue_RemovesThePasskeys_WithItsOtherCredentials()
    {
        var employee = await app.CreateEmployeeAsync();
        await AddPasskeyAsync(employee.Id);

        await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().ResumeAsync(employee.Id, "test"));

        Assert.That(await PasskeyCountAsync(employee.Id), Is.Zero);
        Assert.That((await app.AuditOfAsync(employee.Id)).Any(a => a.Event == AuditEvents.PasskeyRemoved && a.Reason == AuditReasons.Reissue), Is.True);
    }

    [Test]
    public async Task AddingAndRemovingAPasskey_KeepTheSecurityStamp_SoTheSessionStays()
    {
        var employee = await app.CreateEmployeeAsync();
        var stamp = (await app.ReadUserAsync(employee.Id)).SecurityStamp;

        var id = await AddPasskeyAsync(employee.Id);
        Assert.That((await app.ReadUserAsync(employee.Id)).SecurityStamp, Is.EqualTo(stamp), "adding");
        var result = await app.WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<UserManager<HarmonyUser>>().FindByIdAsync(employee.Id.ToString());
            return await services.GetRequiredService<EmployeePasskeys>().RemoveAsync(user!, id);
        });

        Assert.That(result, Is.EqualTo(PasskeyChange.Done));
        Assert.That((await app.ReadUserAsync(employee.Id)).SecurityStamp, Is.EqualTo(stamp), "removing");
        Assert.That(await PasskeyCountAsync(employee.Id), Is.Zero);
    }

    /// <summary>A stored passkey as an attestation would leave it (its key is never used here: no ceremony runs); returns its ID.</summary>
    private Task<string> AddPasskeyAsync(Guid userId) => app.WithServicesAsync(async services =>
    {
        var user = await services.GetRequiredService<UserManager<HarmonyUser>>().FindByIdAsync(userId.ToString());
        var credentialId = Guid.NewGuid().ToByteArray();
        var passkey = new UserPasskeyInfo(credentialId, [1, 2, 3], app.Time.GetUtcNow(), 0, ["internal"], true, false, false, [0], [0]);
        Assert.That(await services.GetRequiredService<EmployeePasskeys>().AddAsync(user!, passkey, "Work laptop"), Is.EqualTo(PasskeyChange.Done));
        return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(credentialId);
    });

    /// <summary>A POST to one of the login page's handlers, with the antiforgery token of its passkey form, as the script sends it.</summary>
    private static Task<HttpResponseMessage> PostToLoginAsync(HttpClient browser, AngleSharp.Html.Dom.IHtmlDocument page, string handler,
        Dictionary<string, string> fields)
    {
        var token = page.QuerySelector("form#passkey-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["__RequestVerificationToken"] = token;
        return browser.PostAsync($"/account/login?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private Task<int> PasskeyCountAsync(Guid userId) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().UserPasskeys.CountAsync(p => p.UserId == userId));

    private Task<int> RejectedCountAsync() => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().AuditEvents.CountAsync(a => a.Event == AuditEvents.SignInFailed && a.Reason == "PasskeyRejected"));

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
