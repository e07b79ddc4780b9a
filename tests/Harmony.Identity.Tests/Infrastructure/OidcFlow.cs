using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// A relying party's side of the authorization code flow with PKCE, one HTTP hop at a time, plus an ID token
/// check with Microsoft's standard OpenID Connect configuration retriever and JWT handler.
/// </summary>
public sealed class OidcFlow(HttpClient browser, string clientId = HarmonyAppFactory.SpaClientId, string? clientSecret = null)
{
    public string State { get; } = Base64Url(RandomNumberGenerator.GetBytes(16));
    public string Nonce { get; } = Base64Url(RandomNumberGenerator.GetBytes(16));
    public string CodeVerifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string CodeChallenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));

    public string AuthorizeUrl(string scope = "openid profile email offline_access", IDictionary<string, string>? extra = null,
        bool pkce = true, string redirectUri = HarmonyAppFactory.RedirectUri)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = State,
            ["nonce"] = Nonce,
        };
        if (pkce)
        {
            query["code_challenge"] = CodeChallenge;
            query["code_challenge_method"] = "S256";
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) query[key] = value;
        return QueryHelpers.AddQueryString("/connect/authorize", query);
    }

    /// <summary>Authorize → login page → post the credentials; returns the login page's answer (a redirect on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string loginId, string password, IDictionary<string, string>? extra = null)
    {
        var authorize = await browser.GetAsync(AuthorizeUrl(extra: extra));
        Assert.That(authorize.StatusCode, Is.EqualTo(HttpStatusCode.Found), "authorize should send an anonymous user to the login page");
        var loginUri = new Uri(browser.BaseAddress!, authorize.Headers.Location!);
        Assert.That(loginUri.AbsolutePath, Is.EqualTo("/account/login"));
        return await PostLoginAsync(loginUri, loginId, password);
    }

    public async Task<HttpResponseMessage> PostLoginAsync(Uri loginUri, string loginId, string password)
    {
        var page = await browser.GetAsync(loginUri);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await browser.SubmitFormAsync(await page.ReadHtmlAsync(), loginUri,
            new Dictionary<string, string> { ["Input.LoginId"] = loginId, ["Input.Password"] = password });
    }

    /// <summary>Follows redirects on the server until one leaves for the app's redirect URI; returns the code.</summary>
    public async Task<string> FollowToCodeAsync(HttpResponseMessage response)
    {
        for (var hop = 0; hop < 5; hop++)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found),
                $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var location = response.Headers.Location!;
            var absolute = location.IsAbsoluteUri ? location : new Uri(browser.BaseAddress!, location);
            if (absolute.GetLeftPart(UriPartial.Path) == HarmonyAppFactory.RedirectUri)
            {
                var query = QueryHelpers.ParseQuery(absolute.Query);
                Assert.That(query.ContainsKey("error"), Is.False, $"the server answered {absolute}");
                Assert.That(query["state"].ToString(), Is.EqualTo(State));
                return query["code"].ToString();
            }
            response = await browser.GetAsync(absolute);
        }
        throw new AssertionException("Too many redirects.");
    }

    public async Task<TokenResponse> RedeemCodeAsync(string code)
    {
        var response = await PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = HarmonyAppFactory.RedirectUri,
            ["code_verifier"] = CodeVerifier,
        });
        return await TokenResponse.ReadAsync(response);
    }

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken) => await PostTokenAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
    });

    public Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string> form) => PostAsClientAsync("/connect/token", form);

    public Task<HttpResponseMessage> PostAsClientAsync(string path, Dictionary<string, string> form)
    {
        form["client_id"] = clientId;
        if (clientSecret is not null) form["client_secret"] = clientSecret;
        return browser.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Validates an ID token the way a relying party library does: discovery, JWKS, signature, issuer, audience, lifetime.</summary>
    public async Task<JsonWebToken> ValidateIdTokenAsync(string idToken)
    {
        var retriever = new HttpDocumentRetriever(browser) { RequireHttps = false };
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(
            new Uri(browser.BaseAddress!, "/.well-known/openid-configuration").ToString(), retriever, CancellationToken.None);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
        });
        Assert.That(result.IsValid, Is.True, $"ID token rejected: {result.Exception}");
        return (JsonWebToken)result.SecurityToken;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Get("access_token");
    public string? IdToken => Get("id_token");
    public string? RefreshToken => Get("refresh_token");
    public string? Error => Get("error");

    private string? Get(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return new TokenResponse(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}

public static class BearerExtensions
{
    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
