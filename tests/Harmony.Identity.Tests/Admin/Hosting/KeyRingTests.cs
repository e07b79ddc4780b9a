using System.Security.Cryptography.X509Certificates;
using Harmony.Identity.Admin.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site's key ring (issue 10, item 5): shared by its nodes through its own database, encrypted at rest.</summary>
public sealed class KeyRingTests
{
    [Test]
    public void TheKeyRingMigrations_MatchTheModel_OnBothProviders()
    {
        using var sqlite = new SqliteKeyRingDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerKeyRingDesignTimeFactory().CreateDbContext([]);

        Assert.That(sqlite.Database.HasPendingModelChanges(), Is.False, "run dotnet ef migrations add for SQLite");
        Assert.That(sqlServer.Database.HasPendingModelChanges(), Is.False, "run dotnet ef migrations add for SQL Server");
    }

    [Test]
    public async Task TwoNodes_OnOneKeyRingDatabase_ReadEachOthersCookies_AndTheKeysAreStoredEncrypted()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harmony-tests", "admin-key-ring-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string?>
        {
            ["Admin:DataProtection:ConnectionString"] = $"Data Source={Path.Combine(folder, "admin-keys.db")}",
            ["Admin:DataProtection:CertificatePath"] = TestCertificates.WritePfx(folder, "admin-data-protection", X509KeyUsageFlags.KeyEncipherment),
            ["Admin:DataProtection:CertificatePassword"] = TestCertificates.Password,
        };
        AdminSiteFactory Node() => new(new Uri("http://127.0.0.1:9/"), new FakeTimeProvider(DateTimeOffset.UtcNow), settings);
        using var first = Node();
        using var second = Node();
        const string purpose = "Microsoft.AspNetCore.Authentication.Cookies";

        var protectedOnFirst = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("admin session");
        var readOnSecond = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(protectedOnFirst);
        var ready = await second.CreateClient().GetAsync("/health/ready");
        await using var scope = second.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<KeyRingContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();

        Assert.That(readOnSecond, Is.EqualTo("admin session"), "the second node reads what the first protected");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(stored, Has.Count.EqualTo(1), "one key for both nodes");
        Assert.That(stored, Is.All.Contains("encryptedSecret").And.All.Not.Contains("<masterKey"));
    }
}
