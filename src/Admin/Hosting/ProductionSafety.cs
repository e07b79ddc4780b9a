using Harmony.Identity.Web;

namespace Harmony.Identity.Admin.Hosting;

/// <summary>
/// Outside Development the admin site refuses to start with a developer's settings: no public https URL of its own, an
/// identity server on loopback http, unencrypted data-protection keys, or keys kept per machine (each node would refuse
/// the others' sessions).
/// <c>Admin:AllowUnsafeProduction=true</c> starts it anyway and logs a warning at every start.
/// </summary>
public static class ProductionSafety
{
    public const string AllowUnsafeKey = "Admin:AllowUnsafeProduction";

    public static IHostApplicationBuilder AddAdminProductionSafety(this IHostApplicationBuilder builder) =>
        builder.RefuseOutsideDevelopment(AllowUnsafeKey, Found(builder.Configuration));

    /// <summary>One sentence per unsafe setting, each naming it.</summary>
    public static List<string> Found(IConfiguration configuration)
    {
        var oidc = configuration.GetSection(AdminOidcOptions.Section).Get<AdminOidcOptions>() ?? new AdminOidcOptions();
        var keyRing = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var protection = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        var keysFolder = configuration[$"{AdminSiteOptions.Section}:{nameof(AdminSiteOptions.KeysFolder)}"];

        var publicBaseUrl = configuration.GetValue<Uri?>(AdminSiteOptions.PublicBaseUrlKey);

        var found = new List<string>();
        if (publicBaseUrl is null)
        {
            found.Add($"{AdminSiteOptions.PublicBaseUrlKey} is not set, so the sign-in's return address comes from the request's Host and every host is served.");
        }
        else if (!UnsafeSettings.IsPublicHttps(publicBaseUrl))
        {
            found.Add($"{AdminSiteOptions.PublicBaseUrlKey} ({publicBaseUrl}) is not a public https URL.");
        }
        if (!UnsafeSettings.IsPublicHttps(oidc.Authority))
        {
            found.Add($"{AdminOidcOptions.Section}:Authority ({oidc.Authority}) is not a public https URL.");
        }
        if (!protection.IsConfigured)
        {
            found.Add($"{KeyRingOptions.Section}:CertificatePath is not set, so the data-protection keys are stored unencrypted.");
        }
        if (!keyRing.IsShared && string.IsNullOrWhiteSpace(keysFolder))
        {
            found.Add($"{KeyRingOptions.Section}:ConnectionString is not set (nor {AdminSiteOptions.Section}:KeysFolder), so the keys are per machine.");
        }
        return found;
    }
}
