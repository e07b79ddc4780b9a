using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Hosting;

/// <summary>Settings of the user store (section <c>Harmony:Passwords</c>).</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Harmony:Passwords";

    /// <summary>PBKDF2-HMAC-SHA512 iterations; OWASP's current figure. Tests lower it to stay fast.</summary>
    public int HashIterations { get; set; } = 210_000;
}

public static class IdentityExtensions
{
    /// <summary>
    /// ASP.NET Core Identity as the user store, with the session cookie it signs people in with. The cookie is set up
    /// here, beside the store, because Identity's own defaults for it must be overridden after they are registered.
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyIdentity(this IHostApplicationBuilder builder)
    {
        var hashing = builder.Configuration.GetSection(PasswordHashingOptions.Section).Get<PasswordHashingOptions>()
            ?? new PasswordHashingOptions();
        builder.Services.Configure<PasswordHasherOptions>(options =>
        {
            options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            options.IterationCount = hashing.HashIterations;
        });

        builder.Services.AddIdentity<HarmonyUser, IdentityRole<Guid>>(options =>
            {
                // Several employees (or one employee's past accounts) may share an address; login IDs are the key.
                options.User.RequireUniqueEmail = false;
                // Permanent IDs use a-z, 0-9 and "-"; temporary ones add "_", so the two can never collide.
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-_";
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromHours(24);
            })
            .AddEntityFrameworkStores<HarmonyDbContext>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "harmony.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = Routes.Login;
            options.LogoutPath = Routes.EndSession;
            options.AccessDeniedPath = Routes.Login;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });

        // Suspension changes the security stamp: check it on every request, so the session ends at once.
        builder.Services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            // The refreshed principal is rebuilt from the account: carry over how and when the person signed in.
            options.OnRefreshingPrincipal = context =>
            {
                var kept = context.CurrentPrincipal?.Claims.Where(c => SignInSession.KeptClaims.Contains(c.Type)).ToList() ?? [];
                context.NewPrincipal?.Identities.First().AddClaims(kept);
                return Task.CompletedTask;
            };
        });
        return builder;
    }
}
