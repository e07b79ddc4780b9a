using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Accounts;
using Harmony.Identity.Server.Features.Audit;
using Harmony.Identity.Server.Features.Credentials;
using Harmony.Identity.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>Settings of the user store (section <c>Harmony:Passwords</c>).</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Harmony:Passwords";

    /// <summary>PBKDF2-HMAC-SHA512 iterations; OWASP's current figure. Tests lower it to stay fast.</summary>
    public int HashIterations { get; set; } = 210_000;
}

public static class SignInExtensions
{
    /// <summary>ASP.NET Core Identity as the user store, its session cookie and the login page's services.</summary>
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

        builder.Services.AddAuthentication().AddCookie(SignInSession.PendingScheme, options =>
        {
            options.Cookie.Name = "harmony.pending";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            options.SlidingExpiration = false;
            options.LoginPath = Routes.Login;
        });

        builder.Services.AddOptions<SignInOptions>().Bind(builder.Configuration.GetSection(SignInOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        builder.Services.AddSingleton<PasswordHashingSlots>();
        builder.Services.AddSingleton<SignInAttemptThrottle>();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<PasswordHashingBusyFilter>());
        builder.Services.AddOptions<CompanyDefaultsOptions>().Bind(builder.Configuration.GetSection(CompanyDefaultsOptions.Section));
        builder.Services.AddSingleton<UnknownUserTiming>();
        builder.Services.AddSingleton<ServerSecrets>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AccountGate>();
        builder.Services.AddScoped<Lockout>();
        builder.Services.AddScoped<UnknownLoginLockout>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<SignInSession>();
        builder.Services.AddScoped<PasswordHistory>();
        builder.Services.AddScoped<CredentialConversion>();
        builder.Services.AddScoped<TemporaryCredentials>();
        builder.Services.AddScoped<AccountLifecycle>();
        builder.Services.AddScoped<SignInFlow>();
        builder.Services.AddScoped<EmailSecondFactor>();
        builder.Services.AddSingleton<RememberedBrowsers>();
        builder.Services.TryAddScoped<IEmployeeNotifier, LoggingEmployeeNotifier>();
        return builder;
    }
}
