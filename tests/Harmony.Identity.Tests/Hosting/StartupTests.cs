using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Hosting;
using Microsoft.Extensions.Hosting;
using OpenIddict.Abstractions;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>What happens when the server starts: clients, keys, demo data.</summary>
public sealed class StartupTests
{
    [Test]
    public async Task TheNextStart_ServesTheDevelopmentKeysKeptOnDisk_AndUpdatesTheClientsFromConfiguration_WhichAreCreatedOnce()
    {
        // The shape an operator uses with environment variables: Harmony__Clients__7__ClientId=…
        static Dictionary<string, string?> ClientRedirectingTo(string redirectUri) => new()
        {
            ["Harmony:Clients:7:ClientId"] = "added-by-env",
            ["Harmony:Clients:7:RedirectUris:0"] = redirectUri,
            ["Harmony:Clients:7:Scopes:0"] = "openid",
            ["Harmony:Clients:7:GrantTypes:0"] = "authorization_code",
        };
        using var first = TestServer.StartWith(ClientRedirectingTo("https://first.test/cb"));
        var keysAtFirstStart = await KeyIdsAsync(first);
        var afterFirstStart = await ClientsAsync(first);
        await SynchronizeAgainAsync(first);
        var afterSynchronizingAgain = await ClientsAsync(first);

        // Over the first start's data folder (its SQLite file and keys), as a restart (or another node) finds it.
        using var next = TestServer.Restart(first, ClientRedirectingTo("https://second.test/cb"));
        var keysAtNextStart = await KeyIdsAsync(next);
        var afterNextStart = await ClientsAsync(next);

        Assert.That(keysAtFirstStart, Is.Not.Empty);
        Assert.That(keysAtNextStart, Is.EqualTo(keysAtFirstStart), "the same development keys serve after the restart");
        Assert.That(File.Exists(Path.Combine(first.DataFolder, "keys", "signing.pfx")), Is.True, "kept on disk");

        Assert.That(afterFirstStart.Redirects, Is.EqualTo("https://first.test/cb"));
        Assert.That(afterSynchronizingAgain, Is.EqualTo(afterFirstStart), "synchronizing again creates nothing");
        Assert.That(afterNextStart.Count, Is.EqualTo(afterFirstStart.Count), "the next start creates nothing either");
        Assert.That(afterNextStart.Redirects, Is.EqualTo("https://second.test/cb"), "the next start updates the client");
    }

    private static Task<(long Count, string Redirects)> ClientsAsync(HarmonyAppFactory app) => app.WithServicesAsync(async services =>
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await manager.FindByClientIdAsync("added-by-env") ?? throw new AssertionException("The client was not created.");
        return (await manager.CountAsync(), string.Join(" ", await manager.GetRedirectUrisAsync(application)));
    });

    [Test]
    public async Task Discovery_AdvertisesTheProtocolSurface()
    {
        var app = SharedServers.Of<HarmonyAppFactory>();
        var response = await app.CreateBrowser().GetAsync("/.well-known/openid-configuration");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var discovery = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        static string[] Values(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];

        Assert.Multiple(() =>
        {
            Assert.That(Values(discovery, "code_challenge_methods_supported"), Is.EqualTo(new[] { "S256" }));
            Assert.That(Values(discovery, "grant_types_supported"),
                Is.SupersetOf(new[] { "authorization_code", "refresh_token", "client_credentials" }));
            Assert.That(Values(discovery, "claims_supported"),
                Is.SupersetOf(new[] { "sub", "preferred_username", "name", "email", "locale", "company_id", "amr", "auth_time" }));
            foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint",
                         "revocation_endpoint", "introspection_endpoint", "jwks_uri" })
            {
                Assert.That(discovery.TryGetProperty(endpoint, out _), Is.True, endpoint);
            }
        });
    }

    [Test]
    public async Task DiscoveryFromMemory_StillNamesTheIssuerOfEachHost_AndTheJwksIsStable()
    {
        // The shared server has no configured issuer, and answers for two host names (AllowedHosts=localhost;127.0.0.1).
        var browser = SharedServers.Of<HarmonyAppFactory>().CreateBrowser();
        async Task<string> IssuerAsync(string host)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
            request.Headers.Host = host;
            var body = await (await browser.SendAsync(request)).Content.ReadAsStringAsync();
            return JsonDocument.Parse(body).RootElement.GetProperty("issuer").GetString()!;
        }

        Assert.That(await IssuerAsync("localhost"), Is.EqualTo("http://localhost/"));
        Assert.That(await IssuerAsync("127.0.0.1"), Is.EqualTo("http://127.0.0.1/"), "one cached document per host");
        Assert.That(await IssuerAsync("localhost"), Is.EqualTo("http://localhost/"));

        var first = await browser.GetStringAsync("/.well-known/jwks");
        var second = await browser.GetStringAsync("/.well-known/jwks");
        var rebuilt = await browser.GetStringAsync("/.well-known/jwks?fresh=1");
        Assert.That(second, Is.EqualTo(first));
        Assert.That(rebuilt, Is.EqualTo(first), "the cached JWKS is the one OpenIddict builds");
    }

    private static async Task SynchronizeAgainAsync(HarmonyAppFactory app)
    {
        var synchronizer = app.Services.GetServices<IStartupStep>().OfType<ClientSynchronizer>().Single();
        await synchronizer.RunAsync(CancellationToken.None);
    }

    private static async Task<string[]> KeyIdsAsync(HarmonyAppFactory app)
    {
        var jwks = JsonDocument.Parse(await app.CreateBrowser().GetStringAsync("/.well-known/jwks")).RootElement;
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order()];
    }
}
