using System.Globalization;
using Harmony.Identity.Contracts;
using Microsoft.AspNetCore.Localization;

namespace Harmony.Identity.Admin.Localization;

public static class LocalizationExtensions
{
    /// <summary>Japanese by default; then the language cookie (the switch), then Accept-Language, as on the identity server.</summary>
    public static IHostApplicationBuilder AddAdminLocalization(this IHostApplicationBuilder builder)
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
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });
        return builder;
    }

    /// <summary>The language switch: a plain link, so it works without JavaScript; only local return URLs are followed.</summary>
    public static WebApplication MapLanguageSwitch(this WebApplication app)
    {
        app.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var supported = SupportedCultures.Match(culture);
            if (supported is not null)
            {
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(supported)),
                    new CookieOptions
                    {
                        Expires = DateTimeOffset.UtcNow.AddYears(1),
                        HttpOnly = true,
                        IsEssential = true,
                        SameSite = SameSiteMode.Lax,
                        Secure = context.Request.IsHttps,
                    });
            }
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).AllowAnonymous();
        return app;
    }

    /// <summary>The two-letter language of the current request, "ja" unless English was chosen.</summary>
    public static string CurrentLanguage() =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == SupportedCultures.English ? SupportedCultures.English : SupportedCultures.Japanese;
}

/// <summary>Return URLs that stay on this site.</summary>
public static class LocalUrl
{
    /// <summary>
    /// The framework's check (it also refuses control characters: browsers drop a tab, so "/\t/evil.example" would
    /// become "//evil.example"), and a plain path: the "~/" form means nothing to a browser.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url);

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
