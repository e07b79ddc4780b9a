using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>
/// The employee's language (decision 0031): the one stored on the account (<see cref="HarmonyUser.Locale"/>), which every
/// email to them and the <c>locale</c> claim of their tokens already follow, and the culture cookie of this browser
/// (decision 0003), so that the pages speak it from the next request on.
/// </summary>
public sealed class AccountLanguage(HarmonyDbContext db, AuditLog audit)
{
    /// <summary>False when <paramref name="culture"/> is not a supported language (nothing changes).</summary>
    public async Task<bool> ChangeAsync(HttpContext context, HarmonyUser user, string? culture, CancellationToken cancellationToken = default)
    {
        var language = SupportedCultures.Match(culture);
        if (language is null) return false;
        context.Response.RememberCulture(language);
        if (user.Locale == language) return true;

        audit.Add(AuditEvents.LanguageChanged, user, reason: AuditReasons.ByEmployee, details: $"{user.Locale} -> {language}");
        user.Locale = language;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
