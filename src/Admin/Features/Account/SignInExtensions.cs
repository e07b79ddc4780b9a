using Harmony.Identity.Admin.Hosting;
using Harmony.Identity.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Harmony.Identity.Admin.Features.Account;

public static class SignInExtensions
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>
    /// Sign-in through the identity server like any relying party: authorization code with PKCE, the confidential
    /// client's secret, tokens kept in the session cookie and refreshed before they expire.
    /// </summary>
    public static IHostApplicationBuilder AddAdminSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOidcOptions>()
            .Bind(builder.Configuration.GetSection(AdminOidcOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AccessTokenRefresher>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieScheme;
                options.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme)
            .AddOpenIdConnect(OidcScheme, _ => { });

        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<AdminSiteOptions>>((options, site) =>
            {
                options.Cookie.Name = "harmony.admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = site.Value.SessionIdleTimeout;
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/account/not-authorized";
                // The handler would write the request's scheme and Host in front of the path: a relative redirect instead.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.Redirect(new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } absolute
                        ? absolute.PathAndQuery
                        : context.RedirectUri);
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<AccessTokenRefresher>().ValidateAsync(context);
            });

        builder.Services.AddOptions<OpenIdConnectOptions>(OidcScheme)
            .Configure<IOptions<AdminOidcOptions>, IOptions<AdminSiteOptions>>((options, oidc, site) => Configure(options, oidc.Value, site.Value));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Admin, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(HarmonyClaims.Role, HarmonyRoles.Operator, HarmonyRoles.CompanyAdmin))
            .AddPolicy(AdminPolicies.Operator, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim(HarmonyClaims.Role, HarmonyRoles.Operator));
        return builder;
    }

    private static void Configure(OpenIdConnectOptions options, AdminOidcOptions oidc, AdminSiteOptions site)
    {
        options.Authority = oidc.Authority?.ToString();
        options.RequireHttpsMetadata = !oidc.IsLoopbackHttp;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = oidc.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back on a top-level GET: no auto-posting form (which needs script) and Lax cookies suffice.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.SaveTokens = true;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.RoleClaimType = HarmonyClaims.Role;
        options.Scope.Clear();
        foreach (var scope in new[] { "openid", HarmonyScopes.Profile, HarmonyScopes.Email, HarmonyScopes.OfflineAccess, HarmonyScopes.AdminApi })
        {
            options.Scope.Add(scope);
        }
        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        // The return addresses from configuration, not from the request's Host header (the handler's own default).
        var callback = site.PublicUrlOf(options.CallbackPath);
        var signedOutCallback = site.PublicUrlOf(options.SignedOutCallbackPath);
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            // The identity server's pages speak the language the admin chose here.
            context.ProtocolMessage.UiLocales = SupportedCultures.Of();
            if (callback is not null) context.ProtocolMessage.RedirectUri = callback;
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            context.ProtocolMessage.UiLocales = SupportedCultures.Of();
            if (signedOutCallback is not null) context.ProtocolMessage.PostLogoutRedirectUri = signedOutCallback;
            return Task.CompletedTask;
        };
        options.Events.OnTokenValidated = async context =>
        {
            var accessToken = context.TokenEndpointResponse?.AccessToken;
            var api = context.HttpContext.RequestServices.GetRequiredService<IAdminIdentitySource>();
            var me = accessToken is null ? null : await api.WhoIsAsync(accessToken, context.HttpContext.RequestAborted);
            if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity) identity.ApplyAdminIdentity(me);
        };
        options.Events.OnRemoteFailure = context =>
        {
            // A stale tab, a refused sign-in or a server error: a page that says so, not an exception.
            context.HandleResponse();
            var error = context.Failure is OpenIdConnectProtocolException ? "protocol" : "failed";
            context.Response.Redirect("/account/sign-in-failed?reason=" + error);
            return Task.CompletedTask;
        };
    }

    /// <summary>The sign-in entry point (also "sign in with another account", which asks the server to log in again).</summary>
    public static WebApplication MapAdminAccount(this WebApplication app)
    {
        app.MapGet("/account/sign-in", (string? returnUrl, bool? another) =>
        {
            var properties = new OpenIdConnectChallengeProperties { RedirectUri = LocalUrl.OrHome(returnUrl) };
            if (another == true) properties.Prompt = OpenIdConnectPrompt.Login;
            return Results.Challenge(properties, [OidcScheme]);
        }).AllowAnonymous();
        return app;
    }
}
