using Harmony.Identity.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site's probes (issue 10, item 4): ready until it starts stopping, live throughout.</summary>
public sealed class HealthTests
{
    [Test]
    public async Task Ready_Answers200_ThenAfterStop503_ForTheDrainDelay_WhileLiveStays200()
    {
        using var site = new AdminSiteFactory(new Uri("http://127.0.0.1:9/"), new FakeTimeProvider(DateTimeOffset.UtcNow),
            new Dictionary<string, string?> { ["Admin:Health:DrainDelay"] = "00:00:05" });
        var client = site.CreateClient(new() { AllowAutoRedirect = false });

        var ready = await client.GetAsync(HealthEndpoints.ReadyPath);
        site.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var readyStopping = await client.GetAsync(HealthEndpoints.ReadyPath);
        var liveStopping = await client.GetAsync(HealthEndpoints.Live);

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no sign-in asked of the balancer");
        Assert.That(readyStopping.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(liveStopping.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
