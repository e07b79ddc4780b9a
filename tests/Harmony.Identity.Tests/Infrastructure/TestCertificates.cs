using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>Self-signed RSA certificates written as PKCS#12 files, as an operator would give the server.</summary>
public static class TestCertificates
{
    public const string Password = "test-pfx-password";

    /// <summary>Writes <c><paramref name="name"/>.pfx</c> into <paramref name="folder"/> and returns its path.</summary>
    public static string WritePfx(string folder, string name, X509KeyUsageFlags usage)
    {
        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Harmony Identity test {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
