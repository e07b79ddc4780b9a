using Harmony.Identity.Contracts;
using Harmony.Identity.Server.Localization;

namespace Harmony.Identity.Server.Hosting;

public static class WebExtensions
{
    /// <summary>Pages (in feature folders), protocol controllers, antiforgery and the support texts.</summary>
    public static IHostApplicationBuilder AddHarmonyWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<ServerSecrets>();
        builder.Services.AddHttpContextAccessor();
        builder.AddHarmonyHostFiltering();
        builder.Services.AddOptions<SupportOptions>().Bind(builder.Configuration.GetSection(SupportOptions.Section));

        builder.Services.AddControllers();
        builder.Services.AddRazorPages(options => options.RootDirectory = "/Features")
            .AddViewLocalization()
            // Every form of every page carries and checks an antiforgery token. Global, so that a page's own
            // [IgnoreAntiforgeryToken] (the error page, re-executed for a failed POST) takes precedence.
            .AddMvcOptions(options => options.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));

        builder.Services.AddRateLimiter(limiter => limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests);
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "harmony.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>The request pipeline, in order.</summary>
    public static WebApplication UseHarmonyPipeline(this WebApplication app)
    {
        app.UseHarmonyErrorResponses();
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing")) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseUnsupportedBrowserPage();
        app.UseMiddleware<Connect.MetadataResponseCache>();
        app.UseRouting();
        app.UseMiddleware<MalformedRequestGuard>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapControllers();
        app.MapRazorPages();
        app.MapGet(Routes.Language + "/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            // A plain link, so the switch works without JavaScript; only local return URLs are followed.
            var supported = SupportedCultures.Match(culture);
            if (supported is not null) context.Response.RememberCulture(supported);
            // The framework's check also refuses control characters ("/\t/evil.example" would become "//evil.example").
            var local = !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' &&
                        Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(returnUrl);
            return Results.LocalRedirect(local ? returnUrl! : "/");
        });
        return app;
    }

    /// <summary>Headers on every response: no framing, no sniffing, no inline script, a strict referrer policy.</summary>
    private static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
