using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// Outside Development the server refuses to start with settings meant for a developer's machine: the pickup-folder
/// sender, development keys, demo data, a loopback or plain-http public URL or issuer, plain-http protocol,
/// unencrypted data-protection keys, password hash costs below OWASP's (the tests' fast hashes), or a configured client
/// secret shorter than <see cref="ClientSecretHash.MinimumConfiguredLength"/> characters. <c>Harmony:AllowUnsafeProduction=true</c> starts it anyway (a test installation,
/// the tests themselves) and says so in the log at every start.
/// </summary>
public static class ProductionSafety
{
    public const string AllowUnsafeKey = "Harmony:AllowUnsafeProduction";
    public const string DataProtectionSection = "Harmony:DataProtection";

    public static IHostApplicationBuilder AddHarmonyProductionSafety(this IHostApplicationBuilder builder)
    {
        builder.AddKeyRingProtection(DataProtectionSection);
        return builder.RefuseOutsideDevelopment(AllowUnsafeKey, Found(builder.Configuration));
    }

    /// <summary>One sentence per unsafe setting, each naming it.</summary>
    public static List<string> Found(IConfiguration configuration)
    {
        T Section<T>(string name) where T : new() => configuration.GetSection(name).Get<T>() ?? new T();
        var email = Section<EmailOptions>(EmailOptions.Section);
        var keys = Section<KeyOptions>(KeyOptions.Section);
        var server = Section<ServerOptions>(ServerOptions.Section);
        var demo = Section<DemoDataOptions>(DemoDataOptions.Section);
        var keyRing = Section<KeyRingProtectionOptions>(DataProtectionSection);
        var passwords = Section<PasswordHashingOptions>(PasswordHashingOptions.Section);

        var found = new List<string>();
        if (email.Sender == EmailSenderKind.Pickup)
        {
            found.Add($"{EmailOptions.Section}:Sender is Pickup, which writes mail to a folder and never sends it.");
        }
        if (keys.UseDevelopmentKeys && keys.Signing.Count == 0)
        {
            found.Add($"{KeyOptions.Section}:UseDevelopmentKeys is true, and no certificates are configured.");
        }
        if (demo.Enabled) found.Add($"{DemoDataOptions.Section}:Enabled is true: demo accounts with published passwords.");
        if (!UnsafeSettings.IsPublicHttps(email.PublicBaseUrl))
        {
            found.Add($"{EmailOptions.Section}:PublicBaseUrl ({email.PublicBaseUrl}) is not a public https URL.");
        }
        if (server.Issuer is null) found.Add($"{ServerOptions.Section}:Issuer is not set, so each request's host would name it.");
        else if (!UnsafeSettings.IsPublicHttps(server.Issuer)) found.Add($"{ServerOptions.Section}:Issuer ({server.Issuer}) is not a public https URL.");
        if (server.AllowInsecureHttp) found.Add($"{ServerOptions.Section}:AllowInsecureHttp is true.");
        if (!keyRing.IsConfigured)
        {
            found.Add($"{DataProtectionSection}:CertificatePath is not set, so the data-protection keys are stored unencrypted.");
        }
        if (passwords.ParsedAlgorithm == PasswordHashAlgorithm.Argon2id && !passwords.Argon2.MeetsOwaspMinimum)
        {
            found.Add($"{PasswordHashingOptions.Section}:Argon2MemoryKiB ({passwords.Argon2MemoryKiB}) with Argon2Iterations " +
                      $"({passwords.Argon2Iterations}) is weaker than OWASP's lightest Argon2id setting ({Argon2Cost.OwaspMinimum}).");
        }
        if (passwords.ParsedAlgorithm == PasswordHashAlgorithm.Pbkdf2 && passwords.HashIterations < PasswordHashingOptions.OwaspPbkdf2Iterations)
        {
            found.Add($"{PasswordHashingOptions.Section}:HashIterations ({passwords.HashIterations}) is below OWASP's " +
                      $"{PasswordHashingOptions.OwaspPbkdf2Iterations} for PBKDF2-HMAC-SHA512.");
        }
        var clients = Section<ClientsOptions>(ClientsOptions.Section).Clients;
        foreach (var (client, index) in clients.Select((c, i) => (c, i)))
        {
            // Client secrets are checked with a fast keyed hash (Connect/ClientApplications.cs), which only suits long random ones.
            if (!client.IsPublic && client.ClientSecret!.Length < ClientSecretHash.MinimumConfiguredLength)
            {
                found.Add($"{ClientsOptions.Section}:Clients:{index}:ClientSecret ({client.ClientId}) is shorter than " +
                          $"{ClientSecretHash.MinimumConfiguredLength} characters; use a long random secret (e.g. openssl rand -base64 32).");
            }
        }
        return found;
    }
}
