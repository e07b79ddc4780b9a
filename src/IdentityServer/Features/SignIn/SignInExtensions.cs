namespace Harmony.Identity.Server.Features.SignIn;

public static class SignInExtensions
{
    /// <summary>The sign-in wing: its pages' services, the pending cookie between the password and the session, and its limits.</summary>
    public static IHostApplicationBuilder AddHarmonySignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(SignInSession.PendingScheme, options =>
        {
            options.Cookie.Name = "harmony.pending";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            options.SlidingExpiration = false;
            options.LoginPath = Hosting.Routes.Login;
        });

        builder.Services.AddOptions<SignInOptions>().Bind(builder.Configuration.GetSection(SignInOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        builder.Services.AddSingleton<PasswordHashingSlots>();
        builder.Services.AddSingleton<SignInAttemptThrottle>();
        builder.Services.AddSingleton<PasskeyRejectionThrottle>();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<PasswordHashingBusyFilter>());
        builder.Services.AddSingleton<UnknownUserTiming>();
        builder.Services.AddScoped<Lockout>();
        builder.Services.AddScoped<UnlockLinks>();
        builder.Services.AddScoped<UnknownLoginLockout>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<SecondFactorAttempts>();
        builder.Services.AddScoped<EmailSecondFactor>();
        builder.Services.AddOptions<AuthenticatorOptions>().Bind(builder.Configuration.GetSection(AuthenticatorOptions.Section));
        builder.Services.AddScoped<Authenticators>();
        builder.Services.AddScoped<AuthenticatorSignIn>();
        builder.Services.AddSingleton<RememberedBrowsers>();
        builder.Services.AddScoped<CredentialConversion>();
        builder.Services.AddScoped<SignInSession>();
        builder.Services.AddScoped<SignInFlow>();
        builder.AddHarmonyPasskeys();
        return builder;
    }
}
