using System.Security.Cryptography.X509Certificates;
using Harmony.Identity.Tests.Robustness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>Safe configuration (issue 10, item 5): settings checked at start, a developer's settings refused in production.</summary>
public sealed class ProductionSafetyTests
{
    private static readonly string[] UnsafeSettingNames =
    [
        "Harmony:Email:Sender", "Harmony:Keys:UseDevelopmentKeys", "Harmony:DemoData:Enabled", "Harmony:Email:PublicBaseUrl",
        "Harmony:Server:Issuer", "Harmony:Server:AllowInsecureHttp", "Harmony:DataProtection:CertificatePath",
        "Harmony:Passwords:Argon2MemoryKiB",
    ];

    /// <summary>The test defaults (development keys, pickup mail, loopback http), in Production, with demo data.</summary>
    private static Dictionary<string, string?> ProductionWithTheDevelopersSettings(bool allowUnsafe) => new()
    {
        ["environment"] = "Production",
        ["Harmony:AllowUnsafeProduction"] = allowUnsafe ? "true" : "false",
        ["Harmony:DemoData:Enabled"] = "true",
    };

    [Test]
    public void Production_WithTheDevelopersSettings_RefusesToStart_NamingEachSetting()
    {
        using var app = new HarmonyAppFactory(ProductionWithTheDevelopersSettings(allowUnsafe: false));

        UnsafeStart.AssertRefused(() => app.Services, "Harmony:AllowUnsafeProduction", UnsafeSettingNames);
    }

    [Test]
    public async Task Production_WithTheUnsafeSwitch_Starts_AndLogsAWarningNamingTheSettings()
    {
        var log = new ServerErrorLog(LogLevel.Warning);
        using var app = new HarmonyAppFactory(ProductionWithTheDevelopersSettings(allowUnsafe: true));
        using var started = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(log)));

        var login = await started.CreateClient().GetAsync("/account/login");

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        UnsafeStart.AssertWarned(log, "Harmony:AllowUnsafeProduction", UnsafeSettingNames);
    }

    [Test]
    public async Task Production_WithCertificatesAndPublicUrls_Starts_AndKeepsTheKeyRingEncryptedAtRest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harmony-tests", "certificates-" + Guid.NewGuid().ToString("N"));
        using var app = new HarmonyAppFactory(new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Harmony:AllowUnsafeProduction"] = "false",
            ["Harmony:Keys:UseDevelopmentKeys"] = "false",
            ["Harmony:Keys:Signing:0:Path"] = TestCertificates.WritePfx(folder, "signing", X509KeyUsageFlags.DigitalSignature),
            ["Harmony:Keys:Signing:0:Password"] = TestCertificates.Password,
            ["Harmony:Keys:Encryption:0:Path"] = TestCertificates.WritePfx(folder, "encryption", X509KeyUsageFlags.KeyEncipherment),
            ["Harmony:Keys:Encryption:0:Password"] = TestCertificates.Password,
            ["Harmony:DataProtection:CertificatePath"] = TestCertificates.WritePfx(folder, "data-protection", X509KeyUsageFlags.KeyEncipherment),
            ["Harmony:DataProtection:CertificatePassword"] = TestCertificates.Password,
            // OWASP's costs, as shipped (the test defaults hash fast, which production refuses).
            ["Harmony:Passwords:Argon2MemoryKiB"] = "19456",
            ["Harmony:Passwords:Argon2Iterations"] = "2",
            ["Harmony:Email:Sender"] = "SendGrid",
            ["Harmony:Email:SendGrid:ApiKey"] = "SG.test-key",
            ["Harmony:Email:PublicBaseUrl"] = "https://id.example.test/",
            ["Harmony:Server:Issuer"] = "https://id.example.test/",
            ["Harmony:Server:AllowInsecureHttp"] = "false",
        });
        var browser = app.CreateBrowser();

        var ready = await browser.GetAsync("/health/ready");
        var page = await browser.GetAsync("/account/login");
        var stored = await app.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page's antiforgery token is protected with the encrypted ring");
        Assert.That(stored, Is.Not.Empty);
        Assert.That(stored, Is.All.Contains("encryptedSecret").And.All.Not.Contains("<masterKey"), "no key is stored in the clear");
    }

    [TestCase("Harmony:Server:AccessTokenLifetime", "00:00:00", "Harmony:Server:AccessTokenLifetime must be a positive duration.")]
    [TestCase("Harmony:Server:Issuer", "ftp://id.example.test/", "Harmony:Server:Issuer must be an absolute http(s) URL.")]
    [TestCase("Harmony:ForwardedHeaders:KnownProxies:0", "10.0.0.300", "Harmony:ForwardedHeaders:KnownProxies:0 ('10.0.0.300') is not an IP address.")]
    [TestCase("Harmony:ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "Harmony:ForwardedHeaders:KnownNetworks:0 ('10.0.0.0') is not a network")]
    [TestCase("Harmony:CompanyDefaults:Policy:LockoutThreshold", "0", "Harmony:CompanyDefaults:Policy:LockoutThreshold must be at least 1.")]
    [TestCase("Harmony:Passwords:HashIterations", "0", "Harmony:Passwords:HashIterations must be at least 1.")]
    [TestCase("Harmony:Passwords:Argon2MemoryKiB", "4", "Harmony:Passwords:Argon2MemoryKiB must be between 8 and 1048576 (KiB).")]
    [TestCase("Harmony:Passwords:Argon2Iterations", "0", "Harmony:Passwords:Argon2Iterations must be between 1 and 100.")]
    [TestCase("Harmony:Passwords:Argon2Parallelism", "4", "Harmony:Passwords:Argon2Parallelism must be 1")]
    [TestCase("Harmony:Telemetry:OtlpEndpoint", "collector:4317", "Harmony:Telemetry:OtlpEndpoint must be an absolute http(s) URL.")]
    [TestCase("Harmony:Health:DrainDelay", "-00:00:01", "Harmony:Health:DrainDelay must not be negative.")]
    public void AnInvalidSetting_RefusesToStart_WithAMessageNamingIt(string key, string value, string message)
    {
        using var app = new HarmonyAppFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => _ = app.Services);

        Assert.That(error!.Message, Does.Contain(message));
    }
}
