using Harmony.Identity.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Harmony.Identity.Admin.Hosting;

public static class WebExtensions
{
    /// <summary>Pages in feature folders, every page behind the admin policy, antiforgery on every form.</summary>
    public static IHostApplicationBuilder AddAdminWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AdminSiteOptions>()
            .Bind(builder.Configuration.GetSection(AdminSiteOptions.Section))
            .ValidateDataAnnotations()
            .Validate(options => AdminSiteOptions.IsSiteRoot(options.PublicBaseUrl),
                $"{AdminSiteOptions.PublicBaseUrlKey} must be an absolute http or https URL of the site's root, e.g. https://admin.example.com/ (no path, query or user name).")
            .ValidateOnStart();
        builder.Services.AddSingleton<DisplayTime>();
        builder.AddPublicHostFiltering([builder.Configuration.GetValue<Uri?>(AdminSiteOptions.PublicBaseUrlKey)]);
        builder.Services.AddHttpContextAccessor();
        builder.AddSharedStyles();
        builder.AddTrustedProxies($"{AdminSiteOptions.Section}:ForwardedHeaders");
        builder.AddHarmonyTelemetry("harmony-identity-admin", $"{AdminSiteOptions.Section}:Telemetry");
        // Ready while not stopping and, when it has one, while the key ring's database answers.
        builder.AddHealthEndpoints($"{AdminSiteOptions.Section}:Health").AddKeyRingCheck(builder.Configuration);

        builder.AddAdminKeyRing();

        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            options.Conventions.AuthorizeFolder("/", AdminPolicies.Admin);
            options.Conventions.AllowAnonymousToFolder("/Account");
            options.Conventions.AllowAnonymousToFolder("/Errors");
            options.Conventions.AuthorizeFolder("/Clients", AdminPolicies.Operator);
            options.Conventions.ConfigureFilter(new ApiSessionFilter());
        }).AddViewLocalization()
          .AddCookieTempDataProvider(options =>
          {
              options.Cookie.Name = "harmony.admin.tempdata";
              options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
          });

        builder.Services.AddSecurityHeaders();

        builder.Services.AddAntiforgeryOnEveryForm("harmony.admin.antiforgery");
        return builder;
    }

    /// <summary>The request pipeline, in order.</summary>
    public static WebApplication UseAdminPipeline(this WebApplication app)
    {
        // Before anything that reads the Host (HSTS, the probes, host filtering): a Host no name can be decoded from is a 400.
        app.UseUnreadableHostGuard();
        app.UseTrustedProxies(app.Environment);
        app.UseHealthEndpoints();
        app.UseExceptionHandler(ErrorReference.ExceptionHandling("/error", IdentityServerUnreachable.StatusOf));
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        // No script at all; admin pages hold personal data, so browsers keep no copy.
        app.UseSecurityHeaders(new SecurityHeaderOptions { ScriptSource = "'none'", NoStoreForPages = true });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseMiddleware<UndecodableFormGuard>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapRazorPages();
        app.MapAdminAccount();
        app.MapLanguageSwitch("/language");
        return app;
    }
}
