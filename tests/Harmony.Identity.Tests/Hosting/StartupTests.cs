using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Hosting;
using Microsoft.Extensions.Hosting;
using OpenIddict.Abstractions;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>What happens when the server starts: clients, keys, demo data.</summary>
public sealed class StartupTests
{
    [Test]
    public async Task ClientsFromConfiguration_AreCreatedOnce_AndUpdatedOnTheNextStart()
    {
        // The shape an operator uses with environment variables: Harmony__Clients__7__ClientId=…
        static Dictionary<string, string?> ClientRedirectingTo(string redirectUri) => new()
        {
            ["Harmony:Clients:7:ClientId"] = "added-by-env",
            ["Harmony:Clients:7:RedirectUris:0"] = redirectUri,
            ["Harmony:Clients:7:Scopes:0"] = "openid",
            ["Harmony:Clients:7:GrantTypes:0"] = "authorization_code",
        };
        using var first = new HarmonyAppFactory(ClientRedirectingTo("https://first.test/cb"));
        var afterFirstStart = await ClientsAsync(first);
        await SynchronizeAgainAsync(first);
        var afterSynchronizingAgain = await ClientsAsync(first);

        var nextSettings = ClientRedirectingTo("https://second.test/cb");
        nextSettings["Harmony:Storage:DataPath"] = first.DataFolder;
        using var next = new HarmonyAppFactory(nextSettings);
        var afterNextStart = await ClientsAsync(next);

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
    public void AClientWithAnUnknownGrantType_RefusesToStart_NamingTheSetting()
    {
        using var app = new HarmonyAppFactory(new Dictionary<string, string?>
        {
            ["Harmony:Clients:4:ClientId"] = "misconfigured",
            ["Harmony:Clients:4:ClientSecret"] = "misconfigured-secret",
            ["Harmony:Clients:4:GrantTypes:0"] = "password",
        });
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => _ = app.Services);
        Assert.That(error!.Message, Does.Contain("Harmony:Clients:4: unknown grant type 'password'"));
    }

    [Test]
    public void ProductionWithoutCertificates_RefusesToStart()
    {
        using var app = new HarmonyAppFactory(new Dictionary<string, string?> { ["Harmony:Keys:UseDevelopmentKeys"] = "false" });
        var error = Assert.Throws<InvalidOperationException>(() => _ = app.Services);
        Assert.That(error!.Message, Does.Contain("Harmony:Keys:Signing:0:Path"));
    }

    [Test]
    public async Task DevelopmentKeys_AreKeptOnDisk_SoTheSameKeysServeAfterARestart()
    {
        using var first = new HarmonyAppFactory();
        var before = await KeyIdsAsync(first);

        using var second = new HarmonyAppFactory(new Dictionary<string, string?> { ["Harmony:Storage:DataPath"] = first.DataFolder });
        var after = await KeyIdsAsync(second);

        Assert.That(before, Is.Not.Empty);
        Assert.That(after, Is.EqualTo(before));
        Assert.That(File.Exists(Path.Combine(first.DataFolder, "keys", "signing.pfx")), Is.True);
    }

    [Test]
    public async Task DemoData_LetsTheDemoEmployeeSignIn()
    {
        using var app = new HarmonyAppFactory(new Dictionary<string, string?> { ["Harmony:DemoData:Enabled"] = "true" });
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);

        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(
            await flow.SignInAsync(DemoAccounts.EmployeeLoginId, DemoAccounts.EmployeePassword)));

        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(DemoAccounts.EmployeeLoginId));
    }

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
        // A server without a configured issuer that answers for two public host names.
        using var app = new HarmonyAppFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "a.test;b.test;localhost" });
        var browser = app.CreateBrowser();
        async Task<string> IssuerAsync(string host)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
            request.Headers.Host = host;
            var body = await (await browser.SendAsync(request)).Content.ReadAsStringAsync();
            return JsonDocument.Parse(body).RootElement.GetProperty("issuer").GetString()!;
        }

        Assert.That(await IssuerAsync("a.test"), Is.EqualTo("http://a.test/"));
        Assert.That(await IssuerAsync("b.test"), Is.EqualTo("http://b.test/"), "one cached document per host");
        Assert.That(await IssuerAsync("a.test"), Is.EqualTo("http://a.test/"));

        var first = await browser.GetStringAsync("/.well-known/jwks");
        var second = await browser.GetStringAsync("/.well-known/jwks");
        var rebuilt = await browser.GetStringAsync("/.well-known/jwks?fresh=1");
        Assert.That(second, Is.EqualTo(first));
        Assert.That(rebuilt, Is.EqualTo(first), "the cached JWKS is the one OpenIddict builds");
    }

    [Test]
    public async Task StartUp_MigratesThenCreatesRolesThenClientsThenDemoData_InOneHostedServiceThatStartsFirst()
    {
        using var app = new HarmonyAppFactory(new Dictionary<string, string?> { ["Harmony:DemoData:Enabled"] = "true" });
        var steps = app.Services.GetServices<IStartupStep>().OrderBy(s => s.Order).Select(s => s.GetType().Name);
        // OpenTelemetry's own service puts itself before every other, so that start-up is measured too.
        var firstHostedService = app.Services.GetServices<IHostedService>().First(s => s.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) != true);

        Assert.That(steps, Is.EqualTo(new[] { "DatabaseMigrator", "RoleSeeder", "ClientSynchronizer", "DemoDataSeeder" }));
        Assert.That(firstHostedService, Is.TypeOf<StartupSequence>());
        // And it ran: the demo company exists, and so do the roles its representative holds.
        var demoAdmin = await app.WithServicesAsync(services =>
            services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Server.Data.HarmonyUser>>().FindByNameAsync("demo-admin"));
        Assert.That(demoAdmin, Is.Not.Null);
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
