using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// Loads the server's certificates: development ones kept on disk, or configured files in production. Signing takes RSA
/// certificates (ID tokens, RS256) and ECDSA P-256 ones (access tokens and the server's own tokens, ES256: signing is
/// some twenty times cheaper); see <see cref="TokenSigningKeys"/>.
/// </summary>
internal static class SigningKeys
{
    // RSA-2048 signs in well under a millisecond where RSA-4096 takes ~5 ms, and every OIDC client accepts it.
    private const int DevelopmentKeySize = 2048;

    public static (IReadOnlyList<X509Certificate2> Signing, IReadOnlyList<X509Certificate2> Encryption) Load(
        KeyOptions options, string developmentKeyFolder)
    {
        if (options.Signing.Count > 0 || options.Encryption.Count > 0)
        {
            if (options.Signing.Count == 0 || options.Encryption.Count == 0)
            {
                throw new InvalidOperationException("Harmony:Keys needs both Signing and Encryption certificates.");
            }
            return (options.Signing.Select(LoadFile).ToList(), options.Encryption.Select(LoadFile).ToList());
        }

        if (!options.UseDevelopmentKeys)
        {
            throw new InvalidOperationException(
                "No signing or encryption certificates are configured. Set Harmony:Keys:Signing:0:Path and " +
                "Harmony:Keys:Encryption:0:Path (see deploy/README.md); development keys are refused outside Development.");
        }

        return ([LoadOrCreate(Path.Combine(developmentKeyFolder, "signing.pfx"), X509KeyUsageFlags.DigitalSignature),
                 LoadOrCreate(Path.Combine(developmentKeyFolder, "signing-ec.pfx"), X509KeyUsageFlags.DigitalSignature, elliptic: true)],
                [LoadOrCreate(Path.Combine(developmentKeyFolder, "encryption.pfx"), X509KeyUsageFlags.KeyEncipherment)]);
    }

    private static X509Certificate2 LoadFile(CertificateFile file)
    {
        if (!File.Exists(file.Path))
        {
            throw new InvalidOperationException($"Certificate file '{file.Path}' does not exist.");
        }
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"Certificate file '{file.Path}' has no private key.");
        }
        return certificate;
    }

    /// <summary>An RSA-2048 key, or with <paramref name="elliptic"/> an ECDSA P-256 one (ES256 access tokens).</summary>
    private static X509Certificate2 LoadOrCreate(string path, X509KeyUsageFlags usage, bool elliptic = false)
    {
        if (!File.Exists(path))
        {
            var name = $"CN=Harmony Identity development {Path.GetFileNameWithoutExtension(path)}";
            using AsymmetricAlgorithm key = elliptic ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(DevelopmentKeySize);
            var request = key is ECDsa ecdsa
                ? new CertificateRequest(name, ecdsa, HashAlgorithmName.SHA256)
                : new CertificateRequest(name, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
            try
            {
                // CreateNew: when two processes start at once, the first file wins and the second reads it.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(created.Export(X509ContentType.Pkcs12));
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
