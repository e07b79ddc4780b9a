using Harmony.Identity.Server.Features.MyAccount;

namespace Harmony.Identity.Tests.Features.MyAccount;

/// <summary>
/// Decision 0035: an app's authorization code and refresh token belong to the browser session they were obtained in.
/// Logged out of that session (from the My account list, or by the app), they are refused; signing in again in the same
/// browser hands them on to the new session; an app still in use keeps its session on the list after the browser went
/// idle, so that it can be logged out there.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class SessionBoundTokensTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>One test moves the clock past the browser session's idle lifetime, over its own accounts only.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [Test]
    public async Task LoggingOutASessionFromTheList_RefusesTheRefreshTokenObtainedInIt_AndNotTheOtherSessions()
    {
        var employee = await app.CreateEmployeeAsync();
        var (phone, phoneTokens) = await AppSignInAsync(employee, MyAccountTestKit.IPhoneSafari);
        var (laptop, laptopTokens) = await AppSignInAsync(employee, MyAccountTestKit.WindowsChrome);

        await LogOutFromTheListAsync(laptop.Browser, "iOS");

        var phoneRefresh = await TokenResponse.ReadAsync(await phone.RefreshAsync(phoneTokens.RefreshToken!));
        var laptopRefresh = await TokenResponse.ReadAsync(await laptop.RefreshAsync(laptopTokens.RefreshToken!));
        Assert.Multiple(() =>
        {
            Assert.That(phoneRefresh.Error, Is.EqualTo("invalid_grant"), "the phone's session was logged out");
            Assert.That(laptopRefresh.Status, Is.EqualTo(HttpStatusCode.OK), $"the laptop's session is live: {laptopRefresh.Body}");
        });
    }

    [Test]
    public async Task TheAppsOwnLogout_RefusesTheRefreshTokenOfThatSession()
    {
        var employee = await app.CreateEmployeeAsync();
        // The single-page app, whose logout return address is registered.
        var (flow, tokens) = await AppSignInAsync(employee, spa: true);

        var logout = await flow.Browser.GetAsync(
            $"/connect/endsession?id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(HarmonyAppFactory.PostLogoutRedirectUri)}");
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));

        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task ACodeRedeemedAfterItsSessionWasLoggedOut_IsRefused()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = CreateBrowser(MyAccountTestKit.IPhoneSafari);
        var flow = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var code = await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));
        var other = await app.SignedInBrowserAsync(employee, "en", MyAccountTestKit.WindowsChrome);

        await LogOutFromTheListAsync(other, "iOS");

        var redeemed = await flow.RedeemCodeAsync(code);
        Assert.That(redeemed.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task SigningInAgainInTheSameBrowser_HandsTheRefreshTokenOn_ToTheNewSession_WhichEndsIt()
    {
        var employee = await app.CreateEmployeeAsync();
        var (phone, tokens) = await AppSignInAsync(employee, MyAccountTestKit.IPhoneSafari);
        var login = new Uri(phone.Browser.BaseAddress!, "/account/login?ReturnUrl=%2Faccount");
        Assert.That((await phone.PostLoginAsync(login, employee.LoginId, employee.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await phone.PostLoginAsync(login, employee.LoginId, employee.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        // Every record the browser left behind names the newest one, so a token of any of them is one read from it.
        var records = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .Where(s => s.UserId == employee.Id).Select(s => new { s.Id, s.RevokedAt, s.ReplacedById }).ToListAsync());
        var newest = records.Single(r => r.RevokedAt is null).Id;
        Assert.That(records.Where(r => r.Id != newest).Select(r => r.ReplacedById).ToList(), Has.Count.EqualTo(2).And.All.EqualTo(newest));

        var afterSignInAgain = await TokenResponse.ReadAsync(await phone.RefreshAsync(tokens.RefreshToken!));
        Assert.That(afterSignInAgain.Status, Is.EqualTo(HttpStatusCode.OK), $"the session was replaced, not logged out: {afterSignInAgain.Body}");
        // The new refresh token names the newest session itself: the records it replaced are no longer needed.
        await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .Where(s => s.UserId == employee.Id && s.Id != newest).ExecuteDeleteAsync());
        var afterTheOldRecordsWent = await TokenResponse.ReadAsync(await phone.RefreshAsync(afterSignInAgain.RefreshToken!));
        Assert.That(afterTheOldRecordsWent.Status, Is.EqualTo(HttpStatusCode.OK), afterTheOldRecordsWent.Body.ToString());

        var laptop = await app.SignedInBrowserAsync(employee, "en", MyAccountTestKit.WindowsChrome);
        await LogOutFromTheListAsync(laptop, "iOS");

        var afterLogOut = await TokenResponse.ReadAsync(await phone.RefreshAsync(afterTheOldRecordsWent.RefreshToken!));
        Assert.That(afterLogOut.Error, Is.EqualTo("invalid_grant"), "logging out the session that replaced it ends the token");
    }

    [Test]
    public async Task AnotherEmployeeSigningInInTheSameBrowser_EndsTheFirstOnesAppTokens()
    {
        var first = await app.CreateEmployeeAsync();
        var second = await app.CreateEmployeeAsync();
        var (shared, tokens) = await AppSignInAsync(first);

        var login = new Uri(shared.Browser.BaseAddress!, "/account/login?ReturnUrl=%2Faccount");
        Assert.That((await shared.PostLoginAsync(login, second.LoginId, second.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var refresh = await TokenResponse.ReadAsync(await shared.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"), "the first employee's session in this browser ended");
    }

    [Test]
    public async Task AnAppStillInUse_KeepsItsSessionOnTheList_AfterTheBrowserWentIdle_SoItCanBeLoggedOutThere()
    {
        var employee = await app.CreateEmployeeAsync();
        var (phone, tokens) = await AppSignInAsync(employee, MyAccountTestKit.IPhoneSafari);

        app.Time.Advance(AccountSessions.IdleLifetime + TimeSpan.FromHours(1));
        var refreshed = await TokenResponse.ReadAsync(await phone.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refreshed.Status, Is.EqualTo(HttpStatusCode.OK), $"an idle browser does not end the app's offline access: {refreshed.Body}");
        var laptop = await app.SignedInBrowserAsync(employee, "en", MyAccountTestKit.WindowsChrome);
        await LogOutFromTheListAsync(laptop, "iOS");

        var afterLogOut = await TokenResponse.ReadAsync(await phone.RefreshAsync(refreshed.RefreshToken!));
        Assert.That(afterLogOut.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task ARefreshToken_WhoseSessionRecordIsGone_IsRefused()
    {
        var employee = await app.CreateEmployeeAsync();
        var (flow, tokens) = await AppSignInAsync(employee);
        await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .Where(s => s.UserId == employee.Id).ExecuteDeleteAsync());

        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"), "a record is kept as long as a token of it may live");
    }

    [Test]
    public async Task TheSessionId_TravelsInNoTokenTheAppCanRead_NorInTheUserInfo()
    {
        var employee = await app.CreateEmployeeAsync();
        var (flow, tokens) = await AppSignInAsync(employee);
        var refreshed = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        userInfo.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", refreshed.AccessToken);
        var info = await (await app.CreateBrowser().SendAsync(userInfo)).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Payload(tokens.IdToken!), Does.Not.Contain(AccountSessions.ClaimType));
            Assert.That(Payload(tokens.AccessToken!), Does.Not.Contain(AccountSessions.ClaimType));
            Assert.That(Payload(refreshed.IdToken!), Does.Not.Contain(AccountSessions.ClaimType));
            Assert.That(Payload(refreshed.AccessToken!), Does.Not.Contain(AccountSessions.ClaimType));
            Assert.That(info, Does.Contain(employee.Id.ToString()).And.Not.Contain(AccountSessions.ClaimType));
        });
    }

    /// <summary>The app's sign-in in a new browser: the browser (signed in), the app's side of the flow and its tokens.</summary>
    private async Task<(AppOnDevice Device, TokenResponse Tokens)> AppSignInAsync(TestEmployee employee, string? userAgent = null,
        bool spa = false)
    {
        var browser = CreateBrowser(userAgent);
        var flow = spa ? new OidcFlow(browser) : new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));
        Assert.That(tokens.RefreshToken, Is.Not.Null, tokens.Body.ToString());
        return (new AppOnDevice(browser, flow), tokens);
    }

    private sealed record AppOnDevice(HttpClient Browser, OidcFlow Flow)
    {
        public Task<HttpResponseMessage> RefreshAsync(string refreshToken) => Flow.RefreshAsync(refreshToken);

        public Task<HttpResponseMessage> PostLoginAsync(Uri login, string loginId, string password) => Flow.PostLoginAsync(login, loginId, password);
    }

    private HttpClient CreateBrowser(string? userAgent)
    {
        var browser = app.CreateBrowser();
        if (userAgent is not null) browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return browser;
    }

    /// <summary>From <paramref name="browser"/>'s My account page, the "log out" button of the other session on <paramref name="system"/>.</summary>
    private static async Task LogOutFromTheListAsync(HttpClient browser, string system)
    {
        var page = await browser.OpenAsync();
        var session = page.QuerySelectorAll("#sessions .session")
            .Single(s => s.QuerySelector(".this-device") is null && s.QuerySelector(".session-device")!.TextContent.Contains(system, StringComparison.Ordinal));
        var done = await browser.SubmitFormAsync(page, new Uri(browser.BaseAddress!, MyAccountTestKit.Page), new Dictionary<string, string>(),
            $"li[data-session='{session.GetAttribute("data-session")}'] form");
        Assert.That(done.Headers.Location!.ToString(), Is.EqualTo("/account?done=session"));
    }

    /// <summary>The decoded payload of a JWT (access tokens and ID tokens here are signed, not encrypted, for the apps).</summary>
    private static string Payload(string jwt) =>
        System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1]));
}
