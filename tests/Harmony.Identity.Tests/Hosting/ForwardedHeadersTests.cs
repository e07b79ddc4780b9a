namespace Harmony.Identity.Tests.Hosting;

/// <summary>
/// Behind a load balancer (issue 10, item 3): the client address and scheme come from X-Forwarded-For and
/// X-Forwarded-Proto only when the peer is a configured proxy. Kestrel on loopback, so the peer is really 127.0.0.1.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string ForgedAddress = "203.0.113.7";

    private static Dictionary<string, string?> Node(bool trustLoopback)
    {
        // Two recovery requests per address, so the third from the same address is refused.
        var settings = new Dictionary<string, string?> { ["Harmony:Recovery:PerClientLimit"] = "2" };
        if (trustLoopback) settings["Harmony:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        return settings;
    }

    [Test]
    public async Task AForgedForwardedFor_FromAnUntrustedPeer_IsIgnored_TheAuditAndTheRecoveryLimitSeeThePeer()
    {
        await using var server = BrowserIdentityServer.Start(Node(trustLoopback: false));
        var employee = await server.App.CreateEmployeeAsync();

        var audited = await FailedSignInAddressAsync(server, employee, ForgedAddress);
        var answers = await RecoveryRequestsFromAsync(server, employee, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.That(audited, Is.EqualTo("127.0.0.1"));
        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests }),
            "three forged addresses are one peer to the limit");
    }

    [Test]
    public async Task AForwardedFor_FromATrustedProxy_IsTheClientAddress_ForTheAuditAndTheRecoveryLimit()
    {
        await using var server = BrowserIdentityServer.Start(Node(trustLoopback: true));
        var employee = await server.App.CreateEmployeeAsync();

        var audited = await FailedSignInAddressAsync(server, employee, ForgedAddress);
        var answers = await RecoveryRequestsFromAsync(server, employee, "203.0.113.1", "203.0.113.2", "203.0.113.3");
        var sameClient = await RecoveryRequestsFromAsync(server, employee, "198.51.100.9", "198.51.100.9", "198.51.100.9");

        Assert.That(audited, Is.EqualTo(ForgedAddress));
        Assert.That(answers, Is.All.EqualTo(HttpStatusCode.Redirect), "three clients behind the balancer, one request each");
        Assert.That(sameClient[2], Is.EqualTo(HttpStatusCode.TooManyRequests), "one client behind the balancer is still limited");
    }

    [Test]
    public async Task HttpsForwarded_ByATrustedProxy_GivesSecureCookiesAndHsts_ButNotFromAnUntrustedPeer()
    {
        var trusted = Node(trustLoopback: true);
        var untrusted = Node(trustLoopback: false);
        foreach (var settings in new[] { trusted, untrusted }) settings["AllowedHosts"] = "id.example.test;127.0.0.1";
        await using var trustedNode = BrowserIdentityServer.Start(trusted);
        await using var untrustedNode = BrowserIdentityServer.Start(untrusted);

        var viaProxy = await ForwardedRequests.LanguageSwitchAsync(trustedNode.BaseUrl, proto: "https");
        var plain = await ForwardedRequests.LanguageSwitchAsync(trustedNode.BaseUrl, proto: null);
        var forged = await ForwardedRequests.LanguageSwitchAsync(untrustedNode.BaseUrl, proto: "https");

        Assert.Multiple(() =>
        {
            Assert.That(viaProxy.Headers.Contains("Strict-Transport-Security"), Is.True, "HSTS on https through the proxy");
            Assert.That(ForwardedRequests.CultureCookie(viaProxy), Does.Contain("secure"));
            Assert.That(plain.Headers.Contains("Strict-Transport-Security"), Is.False, "no HSTS on plain http");
            Assert.That(ForwardedRequests.CultureCookie(plain), Does.Not.Contain("secure"));
            Assert.That(forged.Headers.Contains("Strict-Transport-Security"), Is.False, "an untrusted peer's https claim counts for nothing");
            Assert.That(ForwardedRequests.CultureCookie(forged), Does.Not.Contain("secure"));
        });
    }

    [Test]
    public async Task Discovery_NamesTheConfiguredIssuer_WhateverHostTheRequestCarries_AndHttpsEndpointsBehindTheBalancer()
    {
        await using var server = BrowserIdentityServer.Start(new Dictionary<string, string?>
        {
            ["Harmony:Server:Issuer"] = "https://id.example.test/",
            ["Harmony:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["AllowedHosts"] = "id.example.test;127.0.0.1",
        });
        async Task<JsonElement> DiscoveryAsync(string host)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration") { Headers = { Host = host } };
            request.Headers.Add("X-Forwarded-Proto", "https");
            return JsonDocument.Parse(await (await server.BackChannel.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        }

        var viaBalancer = await DiscoveryAsync("id.example.test");
        var byNodeAddress = await DiscoveryAsync("127.0.0.1");

        Assert.That(viaBalancer.GetProperty("issuer").GetString(), Is.EqualTo("https://id.example.test/"));
        Assert.That(byNodeAddress.GetProperty("issuer").GetString(), Is.EqualTo("https://id.example.test/"), "not the request's host");
        // Endpoints are the request's (public, host-filtered) host: OpenIddict matches requests against them.
        Assert.That(viaBalancer.GetProperty("token_endpoint").GetString(), Is.EqualTo("https://id.example.test/connect/token"));
    }

    private static async Task<string?> FailedSignInAddressAsync(BrowserIdentityServer server, TestEmployee employee, string forwardedFor)
    {
        using var browser = BrowserFrom(server, forwardedFor);
        var answer = await new OidcFlow(browser).SignInAsync(employee.LoginId, "Wrong#Password1");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the login page again, with its message");
        return (await server.App.AuditOfAsync(employee.Id)).Last(a => a.Event == AuditEvents.SignInFailed).IpAddress;
    }

    private static async Task<HttpStatusCode[]> RecoveryRequestsFromAsync(BrowserIdentityServer server, TestEmployee employee, params string[] forwardedFor)
    {
        var answers = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
        {
            using var browser = BrowserFrom(server, address);
            var form = await browser.GetAsync("/account/forgot-password");
            var posted = await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!,
                new Dictionary<string, string> { ["LoginId"] = employee.LoginId });
            answers.Add(posted.StatusCode);
        }
        return [.. answers];
    }

    private static HttpClient BrowserFrom(BrowserIdentityServer server, string forwardedFor)
    {
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.BaseUrl,
        };
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return browser;
    }
}
