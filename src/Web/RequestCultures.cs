using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Harmony.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.WebEncoders;

namespace Harmony.Identity.Web;

/// <summary>The page language of both sites: how a request's culture is chosen, the culture cookie, the language switch.</summary>
public static class RequestCultures
{
    /// <summary>The culture cookie that keeps an explicit language choice.</summary>
    public static readonly string CookieName = CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>
    /// Japanese by default; then <paramref name="firstProviders"/> (a site's own, e.g. OpenID Connect's <c>ui_locales</c>),
    /// then the culture cookie, then Accept-Language.
    /// </summary>
    public static IHostApplicationBuilder AddRequestCultures(this IHostApplicationBuilder builder, params RequestCultureProvider[] firstProviders)
    {
        builder.Services.AddLocalization();
        // Razor writes text through the HTML encoder, which by default turns every non-Latin character into an entity
        // (a Japanese page three times its size). Letting every script through still escapes < > & ' " as always.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
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
                .. firstProviders,
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });
        return builder;
    }

    /// <summary>Remembers a language choice for a year.</summary>
    public static void RememberCulture(this HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
            });

    /// <summary>
    /// The language switch, <c><paramref name="route"/>/{culture}?returnUrl=…</c>: a plain link, so it works without
    /// JavaScript; an unsupported culture changes nothing; only local return URLs are followed.
    /// </summary>
    public static RouteHandlerBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints, string route) =>
        endpoints.MapGet(route + "/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var supported = SupportedCultures.Match(culture);
            if (supported is not null) context.Response.RememberCulture(supported);
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).AllowAnonymous();
}
