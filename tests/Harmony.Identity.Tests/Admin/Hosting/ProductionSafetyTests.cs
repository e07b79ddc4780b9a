using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site in production (issue 10, item 5): a developer's settings are refused unless switched on.</summary>
public sealed class ProductionSafetyTests
{
    private static readonly string[] UnsafeSettingNames =
        ["Admin:PublicBaseUrl", "Admin:Oidc:Authority", "Admin:DataProtection:CertificatePath", "Admin:DataProtection:ConnectionString"];

    [Test]
    public void Production_WithALoopbackServerAndPerMachineKeys_RefusesToStart_NamingEachSetting()
    {
        using var site = new AdminSiteFactory(LoneAdminSite.Authority, new FakeTimeProvider(DateTimeOffset.UtcNow),
            new Dictionary<string, string?> { ["environment"] = "Production", ["Admin:AllowUnsafeProduction"] = "false" });

        UnsafeStart.AssertRefused(() => site.Services, "Admin:AllowUnsafeProduction", UnsafeSettingNames);
    }

    [Test]
    public async Task Production_WithTheUnsafeSwitch_Starts_AndLogsAWarningNamingTheSettings()
    {
        // The run's lone admin site runs in Production on a developer's settings under the switch, its log heard it start.
        var site = SharedServers.Of<LoneAdminSite>();

        var live = await site.Site.CreateClient().GetAsync("/health/live");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        UnsafeStart.AssertWarned(site.Log, "Admin:AllowUnsafeProduction", UnsafeSettingNames);
    }
}
