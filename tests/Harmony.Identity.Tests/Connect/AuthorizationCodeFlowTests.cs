using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Harmony.Identity.Tests.Connect;

/// <summary>A relying party signs an employee in with code + PKCE and uses every token it gets.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class AuthorizationCodeFlowTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [Test]
    public async Task PublicClient_SignsIn_WithPkce_AndGetsValidTokens()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);

        var code = await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));
        var tokens = await flow.RedeemCodeAsync(code);

        Assert.That(tokens.Status, Is.EqualTo(HttpStatusCode.OK), tokens.Body.ToString());
        Assert.That(tokens.AccessToken, Is.Not.Null.And.Not.Empty);
        Assert.That(tokens.RefreshToken, Is.Not.Null.And.Not.Empty);

        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.Multiple(() =>
        {
            Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()), "sub is the stable GUID");
            Assert.That(idToken.Subject, Is.Not.EqualTo(employee.LoginId), "sub is never the login ID");
            Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(employee.LoginId));
            Assert.That(idToken.GetClaim("name").Value, Is.EqualTo("試験 太郎"));
            Assert.That(idToken.GetClaim("email").Value, Is.EqualTo(employee.Email));
            Assert.That(idToken.GetClaim("company_id").Value, Is.EqualTo(employee.CompanyId.ToString()));
            Assert.That(idToken.GetClaim("nonce").Value, Is.EqualTo(flow.Nonce));
            Assert.That(idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value), Is.EquivalentTo(new[] { "pwd" }));
            var authTime = long.Parse(idToken.GetClaim("auth_time").Value);
            Assert.That(authTime, Is.EqualTo(app.Time.GetUtcNow().ToUnixTimeSeconds()).Within(5));
            Assert.That(idToken.TryGetClaim("AspNet.Identity.SecurityStamp", out _), Is.False);
            Assert.That(idToken.Alg, Is.EqualTo("RS256"), "ID tokens stay RS256, what OIDC clients expect by default");
            Assert.That(new JsonWebToken(tokens.AccessToken!).Alg, Is.EqualTo("ES256"), "people's access tokens are ES256 too");
        });
    }

    [Test]
    public async Task CodeRedemption_KeepsRowsForTheCodeAndTheAccessAndRefreshTokens_ButWritesNoneForTheIdToken()
    {
        var employee = await app.CreateEmployeeAsync();
        var flow = new OidcFlow(app.CreateBrowser());

        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        Assert.That(tokens.IdToken, Is.Not.Null.And.Not.Empty);
        var stored = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>()
            .Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == employee.Id.ToString()).Select(t => t.Type!).ToListAsync());
        Assert.That(stored, Is.EquivalentTo(new[]
            {
                OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode,
                OpenIddictConstants.TokenTypeIdentifiers.AccessToken,
                OpenIddictConstants.TokenTypeIdentifiers.RefreshToken,
            }),
            "the code is redeemed and the access and refresh tokens revoked by their rows; an ID token is never looked up");
    }

    [Test]
    public async Task IdToken_LeavesOutProfileAndEmail_WhenThoseScopesWereNotAsked()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var authorize = await browser.GetAsync(flow.AuthorizeUrl(scope: "openid"));
        var login = await flow.PostLoginAsync(new Uri(browser.BaseAddress!, authorize.Headers.Location!), employee.LoginId, employee.Password);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(login));

        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.Multiple(() =>
        {
            Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()));
            Assert.That(idToken.TryGetClaim("email", out _), Is.False);
            Assert.That(idToken.TryGetClaim("preferred_username", out _), Is.False);
            Assert.That(idToken.GetClaim("company_id").Value, Is.EqualTo(employee.CompanyId.ToString()));
        });
    }

    [Test]
    public async Task UserInfo_ReturnsTheEmployeesClaims_ForTheAccessToken()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo").WithBearer(tokens.AccessToken!));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var claims = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(claims.GetProperty("sub").GetString(), Is.EqualTo(employee.Id.ToString()));
            Assert.That(claims.GetProperty("preferred_username").GetString(), Is.EqualTo(employee.LoginId));
            Assert.That(claims.GetProperty("email").GetString(), Is.EqualTo(employee.Email));
            Assert.That(claims.GetProperty("locale").GetString(), Is.EqualTo("ja"));
            Assert.That(claims.GetProperty("company_id").GetString(), Is.EqualTo(employee.CompanyId.ToString()));
        });

        var anonymous = await browser.GetAsync("/connect/userinfo");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task RefreshToken_Rotates_AndTheOldOneIsRefusedAfterTheReuseLeeway()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var first = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        var refreshed = await TokenResponse.ReadAsync(await flow.RefreshAsync(first.RefreshToken!));
        Assert.That(refreshed.Status, Is.EqualTo(HttpStatusCode.OK), refreshed.Body.ToString());
        Assert.That(refreshed.RefreshToken, Is.Not.Null.And.Not.EqualTo(first.RefreshToken), "a new refresh token each time");
        var idToken = await flow.ValidateIdTokenAsync(refreshed.IdToken!);
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()));

        app.Time.Advance(TimeSpan.FromSeconds(31));
        var replay = await TokenResponse.ReadAsync(await flow.RefreshAsync(first.RefreshToken!));
        Assert.That(replay.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(replay.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task AnEmployeesAccessToken_IsActiveForItsApp_ButAnotherClientCannotReadOrRevokeIt()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));
        var other = new OidcFlow(browser, HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);

        var read = await (await other.PostAsClientAsync("/connect/introspect", new() { ["token"] = tokens.AccessToken! })).Content.ReadAsStringAsync();
        await other.PostAsClientAsync("/connect/revoke", new() { ["token"] = tokens.AccessToken! });

        Assert.Multiple(async () =>
        {
            Assert.That(JsonDocument.Parse(read).RootElement.GetProperty("active").GetBoolean(), Is.False, read);
            Assert.That(read, Does.Not.Contain(employee.LoginId));
            Assert.That(await IntrospectActiveAsync(flow, tokens.AccessToken!), Is.True, "still active for the app it was issued to");
        });
    }

    [Test]
    public async Task RevokedRefreshToken_IsInactive_ForIntrospection_AndCannotBeRedeemed()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));
        Assert.That(tokens.Status, Is.EqualTo(HttpStatusCode.OK), tokens.Body.ToString());

        Assert.That(await IntrospectActiveAsync(flow, tokens.RefreshToken!), Is.True, "active before revocation");

        var revoke = await flow.PostAsClientAsync("/connect/revoke", new() { ["token"] = tokens.RefreshToken!, ["token_type_hint"] = "refresh_token" });
        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(await IntrospectActiveAsync(flow, tokens.RefreshToken!), Is.False, "inactive after revocation");
        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task PromptNone_WithASession_ReturnsACodeWithoutShowingTheLoginPage()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var first = new OidcFlow(browser);
        await first.FollowToCodeAsync(await first.SignInAsync(employee.LoginId, employee.Password));

        var silent = new OidcFlow(browser);
        var response = await browser.GetAsync(silent.AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        var code = await silent.FollowToCodeAsync(response);
        Assert.That(code, Is.Not.Empty);
    }

    [Test]
    public async Task ASession_IsCheckedOnEveryRequest_ButItsCookieIsWrittenAgainOnlyEveryFewMinutes()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var first = new OidcFlow(browser);
        await first.FollowToCodeAsync(await first.SignInAsync(employee.LoginId, employee.Password));

        var again = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(again.Headers.Location!.ToString(), Does.StartWith(HarmonyAppFactory.RedirectUri), "the session signs in again");
        Assert.That(again.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], Has.None.StartWith("harmony.session="),
            "the session cookie is read, not issued again on every request");
        app.Time.Advance(TimeSpan.FromMinutes(6));
        var later = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(later.Headers.TryGetValues("Set-Cookie", out var renewed) ? renewed : [], Has.Some.StartWith("harmony.session="),
            "minutes later it is written again, so the session still ends hours after its last use");

        // Only the stamp changes (the session's record stays valid): the check on the request alone must end the session.
        await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            return await users.UpdateSecurityStampAsync((await users.FindByIdAsync(employee.Id.ToString()))!);
        });
        var afterwards = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        Assert.That(afterwards.Headers.Location!.ToString(), Does.Contain("error=login_required"), "a new security stamp still ends it at once");
    }

    [Test]
    public async Task AdminRoles_TravelOnlyInAccessTokensForTheAdminScope_AtTheCodeAndAtEveryRefresh()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);

        var admin = new OidcFlow(app.CreateBrowser(), "test-admin", "test-admin-secret");
        var adminTokens = await admin.RedeemCodeAsync(await admin.FollowToCodeAsync(await admin.SignInAsync(
            representative.LoginId, representative.Password, new Dictionary<string, string> { ["scope"] = "openid profile offline_access harmony_admin" })));
        var refreshed = await TokenResponse.ReadAsync(await admin.RefreshAsync(adminTokens.RefreshToken!));
        var narrowed = await TokenResponse.ReadAsync(await admin.PostTokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshed.RefreshToken!, ["scope"] = "openid profile",
        }));
        var widenedAgain = await TokenResponse.ReadAsync(await admin.RefreshAsync(narrowed.RefreshToken!));

        var app2 = new OidcFlow(app.CreateBrowser());
        var appTokens = await app2.RedeemCodeAsync(await app2.FollowToCodeAsync(await app2.SignInAsync(representative.LoginId, representative.Password)));
        var appRefreshed = await TokenResponse.ReadAsync(await app2.RefreshAsync(appTokens.RefreshToken!));

        static IEnumerable<string> Roles(string? jwt) => new JsonWebToken(jwt!).Claims.Where(c => c.Type == "role").Select(c => c.Value);
        Assert.Multiple(() =>
        {
            Assert.That(Roles(adminTokens.AccessToken), Is.EqualTo(new[] { HarmonyRoles.CompanyAdmin }), "admin scope, from the code");
            Assert.That(Roles(refreshed.AccessToken), Is.EqualTo(new[] { HarmonyRoles.CompanyAdmin }), "admin scope, from a refresh");
            Assert.That(Roles(narrowed.AccessToken), Is.Empty, "a refresh that asks for fewer scopes, without the admin one");
            Assert.That(Roles(widenedAgain.AccessToken), Is.EqualTo(new[] { HarmonyRoles.CompanyAdmin }), "its refresh token keeps what was granted");
            Assert.That(Roles(adminTokens.IdToken), Is.Empty, "roles never go into ID tokens");
            Assert.That(Roles(appTokens.AccessToken), Is.Empty, "an app without the admin scope never sees them");
            Assert.That(Roles(appRefreshed.AccessToken), Is.Empty, "nor after a refresh");
        });
    }

    [Test]
    public async Task PromptLogin_AndExpiredMaxAge_ShowTheLoginPageAgain_DespiteASession()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var first = new OidcFlow(browser);
        await first.FollowToCodeAsync(await first.SignInAsync(employee.LoginId, employee.Password));

        var withSession = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(withSession.Headers.Location!.ToString(), Does.StartWith(HarmonyAppFactory.RedirectUri), "a session skips the login page");

        var promptLogin = new OidcFlow(browser);
        var login = await browser.GetAsync(promptLogin.AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "login" }));
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        Assert.That(Uri.UnescapeDataString(login.Headers.Location!.ToString()), Does.Not.Contain("prompt=login"),
            "prompt=login is dropped from the return URL so the login is asked once");
        var code = await promptLogin.FollowToCodeAsync(
            await promptLogin.PostLoginAsync(new Uri(browser.BaseAddress!, login.Headers.Location), employee.LoginId, employee.Password));
        Assert.That(code, Is.Not.Empty);

        app.Time.Advance(TimeSpan.FromMinutes(2));
        var maxAge = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["max_age"] = "60" }));
        Assert.That(maxAge.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task EndSession_WithIdTokenHint_EndsTheSession_AndReturnsToTheApp()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        var logout = await browser.GetAsync(
            $"/connect/endsession?id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(HarmonyAppFactory.PostLogoutRedirectUri)}&state=bye");
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(logout.Headers.Location!.ToString(), Does.StartWith(HarmonyAppFactory.PostLogoutRedirectUri).And.Contain("state=bye"));

        var afterwards = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        Assert.That(afterwards.Headers.Location!.ToString(), Does.Contain("error=login_required"));
    }

    [Test]
    public async Task EndSession_WithSomeoneElsesIdTokenHint_AsksForConfirmation_AndKeepsTheSession()
    {
        // An attacker's own, genuine ID token in a link must not sign the victim out without asking.
        var attacker = await app.CreateEmployeeAsync();
        var attackerFlow = new OidcFlow(app.CreateBrowser());
        var attackerTokens = await attackerFlow.RedeemCodeAsync(
            await attackerFlow.FollowToCodeAsync(await attackerFlow.SignInAsync(attacker.LoginId, attacker.Password)));
        var victim = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        await flow.FollowToCodeAsync(await flow.SignInAsync(victim.LoginId, victim.Password));

        var logout = await browser.GetAsync($"/connect/endsession?id_token_hint={attackerTokens.IdToken}");

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the confirmation page, not a sign-out");
        Assert.That((await logout.ReadHtmlAsync()).QuerySelector("form[method=post]"), Is.Not.Null);
        var silent = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        Assert.That(silent.Headers.Location!.ToString(), Does.Contain("code=").And.Not.Contain("error="), "still signed in");
    }

    private static async Task<bool> IntrospectActiveAsync(OidcFlow flow, string token)
    {
        var response = await flow.PostAsClientAsync("/connect/introspect", new() { ["token"] = token });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean();
    }
}
