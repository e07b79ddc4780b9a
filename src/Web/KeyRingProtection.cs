using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harmony.Identity.Web;

/// <summary>The certificate that encrypts a site's data-protection keys where they are stored (section <c>…:DataProtection</c>).</summary>
public sealed class KeyRingProtectionOptions
{
    /// <summary>A PKCS#12 file with an RSA key; every node of the site needs the same one.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);
}

public static class KeyRingProtection
{
    /// <summary>
    /// With <c><paramref name="section"/>:CertificatePath</c> set, the data-protection keys (which sign session cookies,
    /// antiforgery tokens and reset links) are encrypted with that certificate before they are stored, and decrypted with
    /// it. Without it they are stored as they are; outside Development the identity server refuses that unless told.
    /// </summary>
    public static IHostApplicationBuilder AddKeyRingProtection(this IHostApplicationBuilder builder, string section)
    {
        var options = builder.Configuration.GetSection(section).Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        if (!options.IsConfigured) return builder;

        var path = options.CertificatePath!;
        if (!File.Exists(path)) throw new InvalidOperationException($"{section}:CertificatePath: the file '{path}' does not exist.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        if (certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{section}:CertificatePath: '{path}' has no RSA private key.");
        }
        // Decrypting looks the certificate up in the machine's store unless it is named here (Linux has no such store).
        builder.Services.AddDataProtection().ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return builder;
    }
}
