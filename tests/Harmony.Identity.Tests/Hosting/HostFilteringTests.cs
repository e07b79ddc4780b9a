using Microsoft.Extensions.Configuration;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>Outside Development the server answers only for its public host names (issue 9, item 1).</summary>
public sealed class HostFilteringTests
{
    [Test]
    public async Task ARequestForAnotherHost_IsRefused_WhileThePublicHostIsServed()
    {
        // No AllowedHosts setting: the hosts come from the public URL, as in production.
        using var app = TestServer.StartWith(new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "",
            ["Harmony:Email:PublicBaseUrl"] = "https://id.example.test/",
        });
        var browser = app.CreateBrowser();

        var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/login") { Headers = { Host = "attacker.example" } });
        var genuine = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/login") { Headers = { Host = "id.example.test" } });

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void TheIssuer_IsAPublicHostToo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harmony:Email:PublicBaseUrl"] = "https://id.example.test/",
            ["Harmony:Server:Issuer"] = "https://login.example.test/",
        }).Build();
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };
        var development = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" };

        Assert.That(Server.Hosting.PublicHosts.Of(configuration, production), Is.EqualTo(new[] { "id.example.test", "login.example.test" }));
        Assert.That(Server.Hosting.PublicHosts.Of(configuration, development), Is.Null, "any host in Development");
    }

    [Test]
    public void AllowedHosts_AddsNames_ToThePublicOnes_AndAStarTurnsTheFilterOff()
    {
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };
        IConfiguration With(string allowed) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harmony:Email:PublicBaseUrl"] = "https://id.example.test/",
            ["AllowedHosts"] = allowed,
        }).Build();

        Assert.That(Server.Hosting.PublicHosts.Of(With("health.internal; 10.0.0.7"), production),
            Is.EqualTo(new[] { "id.example.test", "health.internal", "10.0.0.7" }));
        Assert.That(Server.Hosting.PublicHosts.Of(With("*"), production), Is.Null);
    }

    [Test]
    public async Task AHostThatIsNotAValidName_GetsA400_NotA500()
    {
        // What Development (any host) would otherwise pass on: "xn--zz" cannot be decoded, and reading it throws.
        using var server = BrowserIdentityServer.Start(new Dictionary<string, string?> { ["AllowedHosts"] = "*" });
        foreach (var path in new[] { "/account/login", "/.well-known/openid-configuration", "/api/admin/me", "/webhooks/sendgrid/events" })
        {
            var response = await server.BackChannel.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "xn--zz" } });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        }
    }

    [Test]
    public async Task ThePublicHostOnAnotherPort_IsRefused_SoNoAbsoluteUrlNamesAForgedPort()
    {
        // The shared Kestrel server's public URL is its own loopback address and port.
        var server = SharedServers.Of<BrowserIdentityServer>();
        async Task<HttpResponseMessage> DiscoveryAsync(string host) =>
            await server.BackChannel.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration") { Headers = { Host = host } });

        var own = await DiscoveryAsync(server.BaseUrl.Authority);
        var forged = await DiscoveryAsync($"{server.BaseUrl.Host}:6666");

        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await own.Content.ReadAsStringAsync(), Does.Not.Contain(":6666"));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "discovery would name https://…:6666/connect/…");
    }
}
