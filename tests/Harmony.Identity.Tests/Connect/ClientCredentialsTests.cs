using System.Buffers.Binary;
using System.Security.Cryptography;
using Harmony.Identity.Tests.Features.AdminApi;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Harmony.Identity.Tests.Connect;

/// <summary>A back end gets tokens for the admin API with its client ID and secret (issue 11: the fast machine grant).</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class ClientCredentialsTests(TestDatabase database) : AppFixture(database)
{
    [Test]
    public async Task ConfidentialClient_GetsAnES256AccessToken_VerifiableFromTheJwks_WithItsRoles()
    {
        var browser = app.CreateBrowser();
        var tokens = await ServiceTokenAsync(browser);
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
            Assert.That(token.Alg, Is.EqualTo("ES256"));
            Assert.That(configuration.JsonWebKeySet.Keys.Single(k => k.Kid == token.Kid).Kty, Is.EqualTo("EC"));
            Assert.That(configuration.JsonWebKeySet.Keys.Select(k => k.Kty), Does.Contain("RSA"), "the ID tokens' RS256 key is published too");
            Assert.That(token.Subject, Is.EqualTo(HarmonyAppFactory.ServiceClientId));
            Assert.That(token.GetClaim("role").Value, Is.EqualTo("operator"));
            Assert.That(token.GetClaim("scope").Value, Is.EqualTo("harmony_admin"));
        });
    }

    [TestCase("email")]
    [TestCase("harmony_admin no-such-scope")]
    public async Task ConfidentialClient_CannotAskForAScopeItWasNotGiven(string scope)
    {
        var flow = new OidcFlow(app.CreateBrowser(), HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);
        var tokens = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
        }));
        Assert.That(tokens.AccessToken, Is.Null);
        Assert.That(tokens.Error, Is.EqualTo("invalid_request"));
        Assert.That(tokens.Body.GetProperty("error_description").GetString(), Does.Contain("scope"));
    }

    [Test]
    public async Task AccessToken_HasNoTokenRow_IsActiveUntilTheClientRevokesIt_ThenIntrospectionAndTheAdminApiRefuseIt()
    {
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser, HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);
        var token = (await ServiceTokenAsync(browser)).AccessToken!;
        var other = (await ServiceTokenAsync(browser)).AccessToken!;
        var api = new AdminApiClient(app, token);

        Assert.That(await TokenRowsOfTheServiceClientAsync(), Is.Zero, "no row is written for a client_credentials access token");
        Assert.That(await IntrospectActiveAsync(flow, token), Is.True);
        Assert.That((await api.GetAsync("companies")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoke = await flow.PostAsClientAsync("/connect/revoke", new() { ["token"] = token, ["token_type_hint"] = "access_token" });
        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoke.Content.ReadAsStringAsync());
        var again = await flow.PostAsClientAsync("/connect/revoke", new() { ["token"] = token });

        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "revoking a revoked token is not an error (RFC 7009)");
            Assert.That(await IntrospectActiveAsync(flow, token), Is.False);
            Assert.That((await api.GetAsync("companies")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await IntrospectActiveAsync(flow, other), Is.True, "only the revoked token is refused");
            Assert.That((await new AdminApiClient(app, other).GetAsync("companies")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task AnotherClient_CanNeitherReadNorRevokeAServiceToken_WhichStaysActive()
    {
        var browser = app.CreateBrowser();
        var token = (await ServiceTokenAsync(browser)).AccessToken!;
        var other = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);

        var read = await other.PostAsClientAsync("/connect/introspect", new() { ["token"] = token });
        var readBody = await read.Content.ReadAsStringAsync();
        await other.PostAsClientAsync("/connect/revoke", new() { ["token"] = token, ["token_type_hint"] = "access_token" });

        Assert.Multiple(async () =>
        {
            Assert.That(JsonDocument.Parse(readBody).RootElement.GetProperty("active").GetBoolean(), Is.False, readBody);
            Assert.That(readBody, Does.Not.Contain(HarmonyAppFactory.ServiceClientId), "no claim of another client's token");
            Assert.That(await IntrospectActiveAsync(new OidcFlow(browser, HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret), token),
                Is.True, "a token is revoked only by the client it was issued to");
            Assert.That((await new AdminApiClient(app, token).GetAsync("companies")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().RevokedAccessTokens.CountAsync(r => r.ClientId == HarmonyAppFactory.WebClientId)),
                Is.Zero);
        });
    }

    [Test]
    public async Task ClientSecret_IsStoredAsAKeyedHash_NeverInTheClear_AndAWrongOneIsRefused()
    {
        var stored = await StoredSecretAsync(HarmonyAppFactory.ServiceClientId);
        var wrong = await TokenResponse.ReadAsync(await new OidcFlow(app.CreateBrowser(), HarmonyAppFactory.ServiceClientId, "not-the-secret")
            .PostTokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "harmony_admin" }));

        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.StartWith("hmac-sha256$"));
            Assert.That(stored, Does.Not.Contain(HarmonyAppFactory.ServiceClientSecret));
            Assert.That(wrong.Error, Is.EqualTo("invalid_client"));
        });
    }

    [Test]
    public async Task AClientSecretStoredWithPbkdf2Before_StillWorks_AndIsStoredAsAKeyedHashAfterItsFirstUse()
    {
        var clientId = "legacy-" + Guid.NewGuid().ToString("N")[..8];
        const string secret = "legacy-secret-0123456789abcdefghijkl";
        await app.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = secret,
                ClientType = OpenIddictConstants.ClientTypes.Confidential,
                Permissions =
                {
                    OpenIddictConstants.Permissions.Endpoints.Token,
                    OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
                },
            });
            // As OpenIddict's own manager stored secrets before: PBKDF2-HMAC-SHA256, 10,000 iterations, in its format.
            var db = services.GetRequiredService<HarmonyDbContext>();
            return await db.Set<OpenIddictEntityFrameworkCoreApplication>().Where(a => a.ClientId == clientId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.ClientSecret, OpenIddictPbkdf2(secret)));
        });
        var flow = new OidcFlow(app.CreateBrowser(), clientId, secret);

        var first = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new() { ["grant_type"] = "client_credentials" }));
        var afterwards = await StoredSecretAsync(clientId);
        var second = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new() { ["grant_type"] = "client_credentials" }));

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Body.ToString());
            Assert.That(afterwards, Does.StartWith("hmac-sha256$"));
            Assert.That(second.Status, Is.EqualTo(HttpStatusCode.OK), "the new hash checks the same secret");
        });
    }

    private static async Task<TokenResponse> ServiceTokenAsync(HttpClient browser) =>
        await TokenResponse.ReadAsync(await new OidcFlow(browser, HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret)
            .PostTokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "harmony_admin" }));

    private static async Task<bool> IntrospectActiveAsync(OidcFlow flow, string token)
    {
        var response = await flow.PostAsClientAsync("/connect/introspect", new() { ["token"] = token });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean();
    }

    private Task<int> TokenRowsOfTheServiceClientAsync() => app.WithServicesAsync(services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        return db.Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(t => t.Application!.ClientId == HarmonyAppFactory.ServiceClientId);
    });

    private Task<string?> StoredSecretAsync(string clientId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
            .Where(a => a.ClientId == clientId).Select(a => a.ClientSecret).SingleAsync());

    /// <summary>OpenIddict's PBKDF2 format: marker 1, PRF 1 (SHA-256), iterations, salt length, salt, 32-byte subkey.</summary>
    private static string OpenIddictPbkdf2(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Rfc2898DeriveBytes.Pbkdf2(secret, salt, 10_000, HashAlgorithmName.SHA256, 32);
        var payload = new byte[13 + salt.Length + key.Length];
        payload[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(1), 1);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(5), 10_000);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(payload, 13);
        key.CopyTo(payload, 13 + salt.Length);
        return Convert.ToBase64String(payload);
    }
}
