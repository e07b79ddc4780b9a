namespace Harmony.Identity.Tests.Hosting;

/// <summary>
/// Behind a load balancer (issue 10, item 3): the client address and scheme come from X-Forwarded-For and
/// X-Forwarded-Proto only when the peer is a configured proxy. Kestrel on loopback, so the peer is really 127.0.0.1;
/// one server that trusts it and one that does not.
/// </summary>
public abstract class ForwardedHeadersFixture(bool trustLoopback) : KestrelFixture
{
    protected const string ForgedAddress = "203.0.113.7";

    /// <summary>Two recovery requests per address, so the third from the same address is refused; the public host of the issuer.</summary>
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Harmony:Recovery:PerClientLimit"] = "2",
                ["Harmony:Server:Issuer"] = "https://id.example.test/",
                ["AllowedHosts"] = "id.example.test;127.0.0.1",
            };
            if (trustLoopback) settings["Harmony:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
            return settings;
        }
    }

    protected static async Task<string?> FailedSignInAddressAsync(BrowserIdentityServer server, TestEmployee employee, string forwardedFor)
    {
        using var browser = BrowserFrom(server, forwardedFor);
        var answer = await new OidcFlow(browser).SignInAsync(employee.LoginId, "Wrong#Password1");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the login page again, with its message");
        return (await server.App.AuditOfAsync(employee.Id)).Last(a => a.Event == AuditEvents.SignInFailed).IpAddress;
    }

    protected static async Task<HttpStatusCode[]> RecoveryRequestsFromAsync(BrowserIdentityServer server, TestEmployee employee, params string[] forwardedFor)
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

    protected static HttpClient BrowserFrom(BrowserIdentityServer server, string forwardedFor)
    {
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.BaseUrl,
        };
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return browser;
    }
}

public sealed class BehindATrustedProxyTests() : ForwardedHeadersFixture(trustLoopback: true)
{
    [Test]
    public async Task AForwardedFor_FromATrustedProxy_IsTheClientAddress_ForTheAuditAndTheRecoveryLimit()
    {
        var employee = await server.App.CreateEmployeeAsync();

        var audited = await FailedSignInAddressAsync(server, employee, ForgedAddress);
        var answers = await RecoveryRequestsFromAsync(server, employee, "203.0.113.1", "203.0.113.2", "203.0.113.3");
        var sameClient = await RecoveryRequestsFromAsync(server, employee, "198.51.100.9", "198.51.100.9", "198.51.100.9");

        Assert.That(audited, Is.EqualTo(ForgedAddress));
        Assert.That(answers, Is.All.EqualTo(HttpStatusCode.Redirect), "three clients behind the balancer, one request each");
        Assert.That(sameClient[2], Is.EqualTo(HttpStatusCode.TooManyRequests), "one client behind the balancer is still limited");
    }

    [Test]
    public async Task IPv6ClientsBehindTheBalancer_AreLimitedByTheirNetwork_NotByEachAddressInIt()
    {
        var employee = await server.App.CreateEmployeeAsync();

        var oneNetwork = await RecoveryRequestsFromAsync(server, employee, "2001:db8:5:6::1", "2001:db8:5:6:a:b:c:d", "2001:db8:5:6:ffff::9");
        var threeNetworks = await RecoveryRequestsFromAsync(server, employee, "2001:db8:5:7::1", "2001:db8:5:8::1", "2001:db8:5:9::1");
        var mappedIPv4 = await RecoveryRequestsFromAsync(server, employee, "198.51.100.20", "::ffff:198.51.100.20", "198.51.100.20");

        Assert.Multiple(() =>
        {
            Assert.That(oneNetwork, Is.EqualTo(new[] { HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests }),
                "three addresses of one /64 are one client");
            Assert.That(threeNetworks, Is.All.EqualTo(HttpStatusCode.Redirect), "three /64 networks are three clients");
            Assert.That(mappedIPv4[2], Is.EqualTo(HttpStatusCode.TooManyRequests), "an IPv4 address written as IPv6 is that address");
        });
    }

    [Test]
    public async Task HttpsForwarded_ByATrustedProxy_GivesSecureCookiesAndHsts_ButPlainHttpDoesNot()
    {
        var viaProxy = await ForwardedRequests.LanguageSwitchAsync(server.BaseUrl, proto: "https");
        var plain = await ForwardedRequests.LanguageSwitchAsync(server.BaseUrl, proto: null);

        Assert.Multiple(() =>
        {
            Assert.That(viaProxy.Headers.Contains("Strict-Transport-Security"), Is.True, "HSTS on https through the proxy");
            Assert.That(ForwardedRequests.CultureCookie(viaProxy), Does.Contain("secure"));
            Assert.That(plain.Headers.Contains("Strict-Transport-Security"), Is.False, "no HSTS on plain http");
            Assert.That(ForwardedRequests.CultureCookie(plain), Does.Not.Contain("secure"));
        });
    }

    [Test]
    public async Task Discovery_NamesTheConfiguredIssuer_WhateverHostTheRequestCarries_AndHttpsEndpointsBehindTheBalancer()
    {
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
}

public sealed class FromAnUntrustedPeerTests() : ForwardedHeadersFixture(trustLoopback: false)
{
    [Test]
    public async Task AForgedForwardedFor_FromAnUntrustedPeer_IsIgnored_TheAuditAndTheRecoveryLimitSeeThePeer()
    {
        var employee = await server.App.CreateEmployeeAsync();

        var audited = await FailedSignInAddressAsync(server, employee, ForgedAddress);
        var answers = await RecoveryRequestsFromAsync(server, employee, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.That(audited, Is.EqualTo("127.0.0.1"));
        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests }),
            "three forged addresses are one peer to the limit");
    }

    [Test]
    public async Task AnUntrustedPeersHttpsClaim_GivesNeitherSecureCookiesNorHsts()
    {
        var forged = await ForwardedRequests.LanguageSwitchAsync(server.BaseUrl, proto: "https");

        Assert.That(forged.Headers.Contains("Strict-Transport-Security"), Is.False, "an untrusted peer's https claim counts for nothing");
        Assert.That(ForwardedRequests.CultureCookie(forged), Does.Not.Contain("secure"));
    }
}
