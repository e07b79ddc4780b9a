using Harmony.Identity.Contracts.Credentials;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Harmony.Identity.Server.Hosting;

/// <summary>The ways a password may be stored (<c>Harmony:Passwords:Algorithm</c>).</summary>
public enum PasswordHashAlgorithm
{
    /// <summary>Argon2id through libsodium (OWASP's first choice); the default.</summary>
    Argon2id,
    /// <summary>ASP.NET Core Identity's PBKDF2-HMAC-SHA512, for installations bound to FIPS-approved algorithms.</summary>
    Pbkdf2,
}

/// <summary>
/// How employee passwords are hashed (section <c>Harmony:Passwords</c>): new hashes use <see cref="Algorithm"/>; a stored
/// hash of the other algorithm, or with other costs, still verifies and is replaced at the next successful sign-in.
/// </summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Harmony:Passwords";

    /// <summary><c>Argon2id</c> (the default) or <c>Pbkdf2</c>. A string, so that an unknown name gets a clear message.</summary>
    public string Algorithm { get; set; } = nameof(PasswordHashAlgorithm.Argon2id);

    /// <summary>Argon2id memory per hash in KiB: OWASP's 19 MiB. Each running hash holds this much.</summary>
    public int Argon2MemoryKiB { get; set; } = 19 * 1024;

    /// <summary>Argon2id passes over the memory (OWASP: 2 with 19 MiB).</summary>
    public int Argon2Iterations { get; set; } = 2;

    /// <summary>Argon2id lanes; libsodium computes one, so 1 is the only value it accepts.</summary>
    public int Argon2Parallelism { get; set; } = 1;

    /// <summary>PBKDF2-HMAC-SHA512 iterations (Algorithm Pbkdf2); OWASP's current figure. Tests lower it to stay fast.</summary>
    public int HashIterations { get; set; } = OwaspPbkdf2Iterations;

    public const int OwaspPbkdf2Iterations = 210_000;

    /// <summary>The configured algorithm, or null when <see cref="Algorithm"/> names none (start-up refuses that).</summary>
    public PasswordHashAlgorithm? ParsedAlgorithm =>
        Enum.GetValues<PasswordHashAlgorithm>().Where(a => string.Equals(a.ToString(), Algorithm?.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(a => (PasswordHashAlgorithm?)a).FirstOrDefault();

    public Argon2Cost Argon2 => new(Argon2MemoryKiB, Argon2Iterations, Argon2Parallelism);

    /// <summary>One sentence per wrong setting, each naming it.</summary>
    public static IEnumerable<string> Problems(PasswordHashingOptions options, string section)
    {
        if (options.ParsedAlgorithm is null)
        {
            yield return $"{section}:Algorithm must be Argon2id or Pbkdf2 ('{options.Algorithm}' is neither).";
        }
        if (options.HashIterations < 1) yield return $"{section}:HashIterations must be at least 1.";
        if (options.Argon2MemoryKiB is < Argon2Cost.MinMemoryKiB or > Argon2Cost.MaxMemoryKiB)
        {
            yield return $"{section}:Argon2MemoryKiB must be between {Argon2Cost.MinMemoryKiB} and {Argon2Cost.MaxMemoryKiB} (KiB).";
        }
        if (options.Argon2Iterations is < 1 or > Argon2Cost.MaxIterations)
        {
            yield return $"{section}:Argon2Iterations must be between 1 and {Argon2Cost.MaxIterations}.";
        }
        if (options.Argon2Parallelism != 1)
        {
            yield return $"{section}:Argon2Parallelism must be 1: libsodium computes Argon2id on one lane.";
        }
        else if (options.ParsedAlgorithm == PasswordHashAlgorithm.Argon2id && LibsodiumProblem(options.Argon2) is { } problem)
        {
            // At start, not at the first sign-in: a machine without a working native libsodium is told so at once.
            yield return $"{section}:Algorithm is Argon2id, but libsodium cannot compute it here ({problem}).";
        }
    }

    private static string? LibsodiumProblem(Argon2Cost cost)
    {
        try
        {
            _ = new Argon2idPasswordHasher(cost);
            return null;
        }
        // NSec says PlatformNotSupportedException (around a DllNotFoundException) when the native library does not load.
        catch (Exception e) when (e is PlatformNotSupportedException or DllNotFoundException or TypeInitializationException
                                      or EntryPointNotFoundException or ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}

public static class IdentityExtensions
{
    /// <summary>How long a session cookie lives without a request (sliding); the session list counts a session idle after it.</summary>
    public static readonly TimeSpan SessionIdleLifetime = TimeSpan.FromHours(8);

    /// <summary>
    /// ASP.NET Core Identity as the user store, with the session cookie it signs people in with. The cookie is set up
    /// here, beside the store, because Identity's own defaults for it must be overridden after they are registered.
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PasswordHashingOptions>(builder.Configuration, PasswordHashingOptions.Section, PasswordHashingOptions.Problems);
        // Registered before Identity's own PBKDF2 hasher (which Identity adds only if none is there), as one instance,
        // so that its cap on hashes running at once holds across every request and every caller.
        builder.Services.AddSingleton<HarmonyPasswordHasher>();
        builder.Services.AddSingleton<IPasswordHasher<HarmonyUser>>(services => services.GetRequiredService<HarmonyPasswordHasher>());

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
                // Schema version 3 adds the passkey table (Features/Accounts/EmployeePasskeys.cs, decision 0030).
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
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
            options.ExpireTimeSpan = SessionIdleLifetime;
            options.SlidingExpiration = true;
        });

        // The session's principal and its check on every request, without a query beyond the account itself.
        builder.Services.Replace(ServiceDescriptor.Scoped<IUserClaimsPrincipalFactory<HarmonyUser>, SessionPrincipalFactory>());
        builder.Services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, SessionStampValidator>());

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
