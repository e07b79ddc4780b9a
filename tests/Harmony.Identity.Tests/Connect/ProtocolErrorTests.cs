using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Tests.Connect;

/// <summary>Requests the server must refuse, and how it refuses them.</summary>
public sealed class ProtocolErrorTests : AppFixture
{
    [Test]
    public async Task UnregisteredRedirectUri_ShowsAnErrorPage_AndNeverRedirects()
    {
        var browser = app.CreateBrowser();
        var response = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(redirectUri: "https://attacker.test/callback"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null);
        var page = await response.ReadHtmlAsync();
        Assert.That(page.Text("h1"), Is.EqualTo("エラーが発生しました"));
        Assert.That(page.Text("code"), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task PublicClient_WithoutPkce_IsRefused_AndGetsNoCode()
    {
        var browser = app.CreateBrowser();
        var response = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(pkce: false));

        await AssertProtocolErrorAsync(response, "invalid_request", "code_challenge");
    }

    [Test]
    public async Task PlainCodeChallenge_IsRefused()
    {
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var url = flow.AuthorizeUrl(pkce: false, extra: new Dictionary<string, string>
        {
            ["code_challenge"] = flow.CodeVerifier,
            ["code_challenge_method"] = "plain",
        });
        await AssertProtocolErrorAsync(await browser.GetAsync(url), "invalid_request", "code_challenge_method");
    }

    /// <summary>
    /// OpenIddict checks PKCE before it has vouched for the redirect URI, so such errors are shown on our error
    /// page (never sent to an unverified address); either way no code is issued.
    /// </summary>
    private static async Task AssertProtocolErrorAsync(HttpResponseMessage response, string error, string mentioned)
    {
        if (response.StatusCode == HttpStatusCode.Found)
        {
            var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
            Assert.That(query["error"].ToString(), Is.EqualTo(error));
            Assert.That(query.ContainsKey("code"), Is.False);
            return;
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await response.ReadHtmlAsync();
        Assert.That(page.Text("code"), Is.EqualTo(error));
        Assert.That(page.Text(".alert"), Does.Contain(mentioned));
    }

    [Test]
    public async Task PromptNone_WithoutASession_ReturnsLoginRequired()
    {
        var browser = app.CreateBrowser();
        var response = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.That(query["error"].ToString(), Is.EqualTo("login_required"));
    }

    [Test]
    public async Task WrongClientSecret_IsInvalidClient()
    {
        var flow = new OidcFlow(app.CreateBrowser(), HarmonyAppFactory.ServiceClientId, "not-the-secret");
        var response = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new() { ["grant_type"] = "client_credentials" }));

        Assert.That(response.Error, Is.EqualTo("invalid_client"));
        Assert.That(response.AccessToken, Is.Null);
    }

    [Test]
    public async Task AuthorizationCode_CannotBeRedeemedWithTheWrongVerifier()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var code = await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));

        var response = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = HarmonyAppFactory.RedirectUri,
            ["code_verifier"] = OidcFlow.Base64Url(new byte[32]),
        }));
        Assert.That(response.Error, Is.EqualTo("invalid_grant"));
    }
}
