using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// A relying party (the public client <c>test-spa</c>, code + PKCE) whose front channel is the scenario's browser:
/// it sends the browser to the authorization endpoint in the person's language, reads the code from its redirect
/// URI (answered inside the browser) and redeems it over its own back channel, as an app's back end would.
/// </summary>
public sealed class BrowserRelyingParty(BrowserScenario scenario, BrowserIdentityServer server)
{
    public OidcFlow Flow { get; } = new(server.BackChannel);

    /// <summary>The app sends the person to sign in; the login page (or the page IE gets instead) opens.</summary>
    public Task StartAsync() =>
        scenario.GotoAsync(Flow.AuthorizeUrl(extra: new Dictionary<string, string> { ["ui_locales"] = scenario.Language }));

    /// <summary>Waits until the browser arrives at the app's redirect URI; returns the authorization code.</summary>
    public async Task<string> ReceiveCodeAsync()
    {
        await scenario.Page.WaitForURLAsync(url => url.StartsWith(HarmonyAppFactory.RedirectUri, StringComparison.Ordinal));
        var query = QueryHelpers.ParseQuery(new Uri(scenario.Page.Url).Query);
        Assert.That(query.ContainsKey("error"), Is.False, $"the server answered the app with an error: {scenario.Page.Url}");
        Assert.That(query["state"].ToString(), Is.EqualTo(Flow.State), "state comes back unchanged");
        var code = query["code"].ToString();
        Assert.That(code, Is.Not.Empty, "the redirect carries a code");
        return code;
    }

    /// <summary>Redeems the code at the token endpoint and validates the ID token as an OpenID Connect library would.</summary>
    public async Task<(TokenResponse Tokens, JsonWebToken IdToken)> RedeemAsync(string code)
    {
        var tokens = await Flow.RedeemCodeAsync(code);
        Assert.That(tokens.Error, Is.Null, $"token endpoint: {tokens.Body}");
        Assert.That(tokens.AccessToken, Is.Not.Null.And.Not.Empty);
        Assert.That(tokens.RefreshToken, Is.Not.Null.And.Not.Empty, "offline_access gives a refresh token");
        var idToken = await Flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.That(idToken.GetClaim("nonce").Value, Is.EqualTo(Flow.Nonce));
        return (tokens, idToken);
    }
}
