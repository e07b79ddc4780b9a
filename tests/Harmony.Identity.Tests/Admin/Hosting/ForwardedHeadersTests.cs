namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site behind a load balancer (issue 10, item 3): it believes only its configured proxies.</summary>
public sealed class ForwardedHeadersTests
{
    [Test]
    public async Task TheAdminSite_BelievesHttpsForwarded_OnlyFromItsConfiguredProxy()
    {
        await using var trusted = AdminSiteFactory.StartOnKestrel(new Dictionary<string, string?> { ["Admin:ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8" });
        await using var untrusted = AdminSiteFactory.StartOnKestrel();

        var viaProxy = await ForwardedRequests.LanguageSwitchAsync(trusted.BaseUrl, proto: "https");
        var forged = await ForwardedRequests.LanguageSwitchAsync(untrusted.BaseUrl, proto: "https");

        Assert.Multiple(() =>
        {
            Assert.That(viaProxy.Headers.Contains("Strict-Transport-Security"), Is.True);
            Assert.That(ForwardedRequests.CultureCookie(viaProxy), Does.Contain("secure"));
            Assert.That(forged.Headers.Contains("Strict-Transport-Security"), Is.False);
            Assert.That(ForwardedRequests.CultureCookie(forged), Does.Not.Contain("secure"));
        });
    }
}
