using Harmony.Identity.Tests.Robustness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site in production (issue 10, item 5): a developer's settings are refused unless switched on.</summary>
public sealed class ProductionSafetyTests
{
    private static readonly string[] UnsafeSettingNames =
        ["Admin:Oidc:Authority", "Admin:DataProtection:CertificatePath", "Admin:DataProtection:ConnectionString"];

    private static AdminSiteFactory InProduction(bool allowUnsafe) => new(new Uri("http://127.0.0.1:9/"), new FakeTimeProvider(DateTimeOffset.UtcNow),
        new Dictionary<string, string?> { ["environment"] = "Production", ["Admin:AllowUnsafeProduction"] = allowUnsafe ? "true" : "false" });

    [Test]
    public void Production_WithALoopbackServerAndPerMachineKeys_RefusesToStart_NamingEachSetting()
    {
        using var site = InProduction(allowUnsafe: false);

        UnsafeStart.AssertRefused(() => site.Services, "Admin:AllowUnsafeProduction", UnsafeSettingNames);
    }

    [Test]
    public async Task Production_WithTheUnsafeSwitch_Starts_AndLogsAWarningNamingTheSettings()
    {
        var log = new ServerErrorLog(LogLevel.Warning);
        using var site = InProduction(allowUnsafe: true);
        using var logged = site.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(log)));

        var live = await logged.CreateClient().GetAsync("/health/live");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        UnsafeStart.AssertWarned(log, "Admin:AllowUnsafeProduction", UnsafeSettingNames);
    }
}
