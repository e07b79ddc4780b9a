using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Hosting;

public static class WebExtensions
{
    public const string ForwardedHeadersSection = "Harmony:ForwardedHeaders";

    /// <summary>Pages (in feature folders), protocol controllers, antiforgery and the support texts.</summary>
    public static IHostApplicationBuilder AddHarmonyWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<ServerSecrets>();
        builder.Services.AddHttpContextAccessor();
        builder.AddHarmonyHostFiltering();
        builder.AddTrustedProxies(ForwardedHeadersSection);
        builder.AddSharedStyles();
        builder.Services.AddOptions<SupportOptions>().Bind(builder.Configuration.GetSection(SupportOptions.Section));

        builder.Services.AddControllers();
        builder.Services.AddRazorPages(options => options.RootDirectory = "/Features").AddViewLocalization();
        builder.Services.AddSecurityHeaders();
        builder.Services.AddAntiforgeryOnEveryForm("harmony.antiforgery");

        return builder;
    }

    /// <summary>The request pipeline, in order.</summary>
    public static WebApplication UseHarmonyPipeline(this WebApplication app)
    {
        // Before anything that reads the Host (HSTS, the probes, host filtering): a Host no name can be decoded from is a 400.
        app.UseUnreadableHostGuard();
        app.UseTrustedProxies(app.Environment);
        app.UseHealthEndpoints();
        app.UsePublicPorts();
        app.UseHarmonyErrorResponses();
        app.UseSecurityHeaders(new SecurityHeaderOptions { ScriptSource = "'self'" });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseUnsupportedBrowserPage();
        app.UseMiddleware<Connect.MetadataResponseCache>();
        app.UseRouting();
        app.UseMiddleware<MalformedRequestGuard>();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapControllers();
        app.MapRazorPages();
        app.MapLanguageSwitch(Routes.Language);
        return app;
    }
}
