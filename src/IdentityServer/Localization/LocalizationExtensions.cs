using Harmony.Identity.Web;
using Microsoft.AspNetCore.Localization;

namespace Harmony.Identity.Server.Localization;

public static class LocalizationExtensions
{
    /// <summary>Japanese by default; then <c>ui_locales</c>, then the culture cookie (an explicit choice, or the language an app asked for), then Accept-Language.</summary>
    public static IHostApplicationBuilder AddHarmonyLocalization(this IHostApplicationBuilder builder) =>
        builder.AddRequestCultures(new UiLocalesRequestCultureProvider());
}

/// <summary>
/// Honours OpenID Connect's <c>ui_locales</c> (space-separated, in order of preference) on the authorization
/// request itself; the authorization endpoint then keeps the choice in the culture cookie for the pages that follow.
/// </summary>
public sealed class UiLocalesRequestCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = FirstSupported(httpContext.Request.Query["ui_locales"].ToString());
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
    }

    public static string? FirstSupported(string? uiLocales) =>
        (uiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(SupportedCultures.Match)
            .FirstOrDefault(c => c is not null);
}
