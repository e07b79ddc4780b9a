using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Harmony.Identity.Tests.Connect;

public sealed class ClientCredentialsTests : AppFixture
{
    [Test]
    public async Task ConfidentialClient_GetsASignedAccessToken_WithItsRoles()
    {
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser, HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);
        var tokens = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "harmony_admin",
        }));
        Assert.That(tokens.Status, Is.EqualTo(HttpStatusCode.OK), tokens.Body.ToString());
        Assert.That(tokens.RefreshToken, Is.Null, "client_credentials never issues refresh tokens");

        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(
            "http://localhost/.well-known/openid-configuration", new HttpDocumentRetriever(browser) { RequireHttps = false }, CancellationToken.None);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.AccessToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = configuration.SigningKeys,
        });
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Multiple(() =>
        {
            Assert.That(token.Subject, Is.EqualTo(HarmonyAppFactory.ServiceClientId));
            Assert.That(token.GetClaim("role").Value, Is.EqualTo("operator"));
            Assert.That(token.GetClaim("scope").Value, Is.EqualTo("harmony_admin"));
        });
    }

    [Test]
    public async Task ConfidentialClient_CannotAskForAScopeItWasNotGiven()
    {
        var flow = new OidcFlow(app.CreateBrowser(), HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);
        var tokens = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "email",
        }));
        Assert.That(tokens.AccessToken, Is.Null);
        Assert.That(tokens.Error, Is.EqualTo("invalid_request"));
        Assert.That(tokens.Body.GetProperty("error_description").GetString(), Does.Contain("scope"));
    }
}
