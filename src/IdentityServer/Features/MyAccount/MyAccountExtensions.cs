using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.MyAccount;

public static class MyAccountExtensions
{
    /// <summary>
    /// The My account page's services, and the session records hooked into the session cookie: issued with a record,
    /// refused once it is revoked (after Identity's own security-stamp check, which stays first), revoked at sign-out.
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyMyAccount(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountSessions>();
        builder.Services.AddScoped<PasswordChange>();
        builder.Services.AddScoped<AccountLanguage>();
        builder.Services.AddScoped<SignOutEverywhere>();
        builder.Services.AddScoped<RecentSignIns>();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            var validateStamp = options.Events.OnValidatePrincipal;
            var signingIn = options.Events.OnSigningIn;
            var signingOut = options.Events.OnSigningOut;
            options.Events.OnValidatePrincipal = async context =>
            {
                await validateStamp(context);
                await Sessions(context.HttpContext).ValidateAsync(context);
            };
            options.Events.OnSigningIn = async context =>
            {
                await signingIn(context);
                await Sessions(context.HttpContext).OnSigningInAsync(context);
            };
            options.Events.OnSigningOut = async context =>
            {
                await signingOut(context);
                await Sessions(context.HttpContext).OnSigningOutAsync(context);
            };
        });
        return builder;
    }

    private static AccountSessions Sessions(HttpContext context) => context.RequestServices.GetRequiredService<AccountSessions>();
}
