using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Connect;

/// <summary>Protocol settings of the token server (section <c>Harmony:Server</c>).</summary>
public sealed class ServerOptions
{
    public const string Section = "Harmony:Server";

    /// <summary>The issuer; when empty, OpenIddict derives it from the request (fine behind one host name).</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Serve the protocol over plain HTTP. Only for the embedded default on 127.0.0.1 and tests.</summary>
    public bool AllowInsecureHttp { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a just-rotated refresh token may still be redeemed (parallel requests of one app).</summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a node reuses a client's registration (secret, permissions) before reading it again. A change through
    /// the admin API applies at once on the node that made it, on the others within this duration. Zero reads it on
    /// every request.
    /// </summary>
    public TimeSpan ClientCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    public static IEnumerable<string> Problems(ServerOptions options, string section) =>
    [
        .. ValidatedOptions.AbsoluteHttp(options.Issuer, $"{section}:Issuer"),
        .. options.Issuer is { IsAbsoluteUri: true } issuer && (issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
            ? [$"{section}:Issuer must have no query or fragment."]
            : Array.Empty<string>(),
        .. ValidatedOptions.Positive(options.AccessTokenLifetime, $"{section}:AccessTokenLifetime"),
        .. ValidatedOptions.Positive(options.IdentityTokenLifetime, $"{section}:IdentityTokenLifetime"),
        .. ValidatedOptions.Positive(options.RefreshTokenLifetime, $"{section}:RefreshTokenLifetime"),
        .. ValidatedOptions.Positive(options.AuthorizationCodeLifetime, $"{section}:AuthorizationCodeLifetime"),
        .. options.RefreshTokenReuseLeeway < TimeSpan.Zero ? [$"{section}:RefreshTokenReuseLeeway must not be negative."] : Array.Empty<string>(),
        .. options.ClientCacheDuration < TimeSpan.Zero || options.ClientCacheDuration > TimeSpan.FromMinutes(5)
            ? [$"{section}:ClientCacheDuration must be between 0 and 5 minutes."] : Array.Empty<string>(),
    ];
}

/// <summary>Signing and encryption keys (section <c>Harmony:Keys</c>).</summary>
public sealed class KeyOptions
{
    public const string Section = "Harmony:Keys";

    /// <summary>Create RSA keys once in the data folder and reuse them. Never in production.</summary>
    public bool UseDevelopmentKeys { get; set; }

    /// <summary>PKCS#12 files of the signing certificates; the first is current, the others stay published for rollover.</summary>
    public List<CertificateFile> Signing { get; set; } = [];

    /// <summary>PKCS#12 files of the encryption certificates; the first is current.</summary>
    public List<CertificateFile> Encryption { get; set; } = [];

    public static IEnumerable<string> Problems(KeyOptions options, string section) =>
        options.Signing.Select((file, i) => (file, key: $"{section}:Signing:{i}:Path"))
            .Concat(options.Encryption.Select((file, i) => (file, key: $"{section}:Encryption:{i}:Path")))
            .Where(entry => string.IsNullOrWhiteSpace(entry.file.Path))
            .Select(entry => $"{entry.key} is required.");
}

public sealed class CertificateFile
{
    public string Path { get; set; } = "";

    public string? Password { get; set; }
}
