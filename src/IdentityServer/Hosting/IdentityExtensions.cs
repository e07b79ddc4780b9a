using Harmony.Identity.Contracts.Credentials;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Web;
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
        builder.Services.AddValidatedOptions<PasswordHashingOptions>(builder.Configuration, PasswordHashingOptions.Section, (options, section) =>
            options.HashIterations < 1 ? [$"{section}:HashIterations must be at least 1."] : []);
        builder.Services.AddOptions<PasswordHasherOptions>().Configure<IOptions<PasswordHashingOptions>>((options, hashing) =>
        {
            options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            options.IterationCount = hashing.Value.HashIterations;
        });

        builder.Services.AddIdentity<HarmonyUser, IdentityRole<Guid>>(options =>
            {
                // Several employees (or one employee's past accounts) may share an address; login IDs are the key.
                options.User.RequireUniqueEmail = false;
                // Permanent IDs use a-z, 0-9 and "-"; temporary ones add "_", so the two can never collide.
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-_";
                // The password rules are CredentialRules' alone (CredentialRulesPasswordValidator), not Identity's defaults.
                options.Password.RequiredLength = 0;
                options.Password.RequiredUniqueChars = 0;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // Lockout follows the company's policy (Features/SignIn/Password/Lockout.cs); Identity's counter is never used.
            })
            .AddEntityFrameworkStores<HarmonyDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CredentialRulesPasswordValidator>();

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

/// <summary>Whoever sets a password through the user manager (demo data, tests) meets the rules the employee is shown.</summary>
public sealed class CredentialRulesPasswordValidator : IPasswordValidator<HarmonyUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<HarmonyUser> manager, HarmonyUser user, string? password)
    {
        var broken = CredentialRules.CheckPassword(password);
        return Task.FromResult(broken.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. broken.Select(code => new IdentityError { Code = code, Description = CredentialRuleTexts.Message(code) })]));
    }
}
