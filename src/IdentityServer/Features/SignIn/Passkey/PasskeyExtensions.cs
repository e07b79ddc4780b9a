using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Web;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>Passkeys (section <c>Harmony:Passkeys</c>, decision 0030).</summary>
public sealed class PasskeyOptions
{
    public const string Section = "Harmony:Passkeys";

    /// <summary>
    /// How recent the session's sign-in (<c>auth_time</c>) must be to add, rename or remove a passkey; older sessions are
    /// asked for the password again first. 10 minutes by default.
    /// </summary>
    public int RecentSignInMinutes { get; set; } = 10;

    public static IEnumerable<string> Problems(PasskeyOptions options, string section)
    {
        if (options.RecentSignInMinutes is < 1 or > 1440) yield return $"{section}:RecentSignInMinutes must be between 1 and 1440.";
    }
}

public static class PasskeyExtensions
{
    /// <summary>
    /// Identity's passkey handler set up for this server: the relying party is the public URL's host (never the request's
    /// <c>Host</c>), the only accepted origin is the public URL's, user verification and discoverable credentials are required.
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyPasskeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PasskeyOptions>(builder.Configuration, PasskeyOptions.Section, PasskeyOptions.Problems);
        builder.Services.AddOptions<IdentityPasskeyOptions>().Configure<IOptions<EmailOptions>>((passkeys, email) =>
        {
            var publicUrl = email.Value.PublicBaseUrl;
            var origin = publicUrl.GetLeftPart(UriPartial.Authority);
            // WebAuthn refuses an IP address as RP ID: such an installation offers no passkeys (PasskeyAvailability).
            passkeys.ServerDomain = publicUrl.IdnHost;
            passkeys.UserVerificationRequirement = "required";
            passkeys.ResidentKeyRequirement = "required";
            passkeys.AttestationConveyancePreference = "none";
            passkeys.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && string.Equals(context.Origin, origin, StringComparison.OrdinalIgnoreCase));
        });
        builder.Services.AddSingleton<PasskeyAvailability>();
        builder.Services.AddScoped<EmployeePasskeys>();
        builder.Services.AddScoped<PasskeySignIn>();
        builder.Services.AddScoped<PasskeyOffer>();
        return builder;
    }
}

/// <summary>Whether this installation can offer passkeys at all: its public URL names a host, not an IP address.</summary>
public sealed class PasskeyAvailability(IOptions<EmailOptions> email)
{
    public bool Available { get; } = email.Value.PublicBaseUrl.HostNameType is UriHostNameType.Dns;
}
