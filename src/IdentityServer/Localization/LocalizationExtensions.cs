using System.Globalization;
using Harmony.Identity.Contracts;
using Microsoft.AspNetCore.Localization;

namespace Harmony.Identity.Server.Localization;

public static class LocalizationExtensions
{
    /// <summary>The culture cookie that keeps an explicit language choice (and the language an app asked for).</summary>
    public static readonly string CultureCookie = CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>Japanese by default; then the cookie (an explicit choice, or <c>ui_locales</c>), then Accept-Language.</summary>
    public static IHostApplicationBuilder AddHarmonyLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = SupportedCultures.All.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(SupportedCultures.Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new UiLocalesRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CultureCookie },
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });
        return builder;
    }

    /// <summary>Remembers a language choice for a year.</summary>
    public static void RememberCulture(this HttpResponse response, string culture) =>
        response.Cookies.Append(
            CultureCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
            });
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
