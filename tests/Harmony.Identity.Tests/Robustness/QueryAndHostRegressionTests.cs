namespace Harmony.Identity.Tests.Robustness;

/// <summary>
/// What an outsider found against the two-node cluster (PostgreSQL, behind TLS), kept as regressions on every database:
/// a NUL in a protocol endpoint's query, and a Host no name can be decoded from once HSTS is on.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class QueryAndHostRegressionTests(TestDatabase database) : AppFixture(database)
{
    [TestCase("/connect/authorize?client_id=%00&response_type=code")]
    [TestCase("/connect/endsession?client_id=%00")]
    [TestCase("/connect/authorize?client_id=test-spa&response_type=code&redirect_uri=https%3A%2F%2Frp.test%2Fcallback&scope=openid&state=%00")]
    [TestCase("/account/login?ReturnUrl=%00")]
    public async Task ANulInTheQuery_GetsA400_NotA500(string path)
    {
        var response = await app.CreateBrowser().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task AnUndecodableHost_FromATrustedProxyOverHttps_GetsA400_NotA500()
    {
        // Behind the balancer HSTS runs, and reading such a Host is what throws; the guard must come before it.
        await using var node = BrowserIdentityServer.Start(TestDatabases.Settings(Database, new Dictionary<string, string?>
        {
            ["Harmony:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        }));
        foreach (var path in new[] { "/health/live", "/health/ready", "/account/login", "/.well-known/openid-configuration" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = "xn--zz" } };
            request.Headers.Add("X-Forwarded-Proto", "https");
            var response = await node.BackChannel.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        }
    }
}
