using System.Security.Cryptography.X509Certificates;
using Harmony.Identity.Tests.Robustness;
using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>
/// Safe configuration (issue 10, item 5): a developer's settings in production start only under the switch, and warn;
/// production's own settings start. Each refusal to start is a case of <see cref="StartupRefusalTests"/>.
/// </summary>
public sealed class ProductionSafetyTests
{
    /// <summary>What production refuses, or warns about, of the test defaults (development keys, pickup mail, loopback http) and demo data.</summary>
    internal static readonly string[] UnsafeSettingNames =
    [
        "Harmony:Email:Sender", "Harmony:Keys:UseDevelopmentKeys", "Harmony:DemoData:Enabled", "Harmony:Email:PublicBaseUrl",
        "Harmony:Server:Issuer", "Harmony:Server:AllowInsecureHttp", "Harmony:DataProtection:CertificatePath",
        "Harmony:Passwords:Argon2MemoryKiB",
        // The test clients' secrets are short; production wants long random ones.
        "Harmony:Clients:1:ClientSecret", "Harmony:Clients:2:ClientSecret", "Harmony:Clients:3:ClientSecret",
    ];

    private const string LongSecret = "a-long-random-client-secret-0123456789";

    [Test]
    public async Task Production_WithTheUnsafeSwitch_Starts_AndLogsAWarningNamingTheSettings()
    {
        var log = new ServerErrorLog(LogLevel.Warning);
        using var app = TestServer.StartWith(new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Harmony:AllowUnsafeProduction"] = "true",
            ["Harmony:DemoData:Enabled"] = "true",
        }, log);

        var login = await app.CreateClient().GetAsync("/account/login");

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        UnsafeStart.AssertWarned(log, "Harmony:AllowUnsafeProduction", UnsafeSettingNames);
    }

    [Test]
    public async Task Production_WithCertificatesAndPublicUrls_Starts_AndKeepsTheKeyRingEncryptedAtRest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harmony-tests", "certificates-" + Guid.NewGuid().ToString("N"));
        using var app = TestServer.StartWith(new Dictionary<string, string?>
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
            ["Harmony:Clients:1:ClientSecret"] = LongSecret,
            ["Harmony:Clients:2:ClientSecret"] = LongSecret,
            ["Harmony:Clients:3:ClientSecret"] = LongSecret,
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
}
