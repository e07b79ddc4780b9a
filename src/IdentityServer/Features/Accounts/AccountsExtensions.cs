namespace Harmony.Identity.Server.Features.Accounts;

public static class AccountsExtensions
{
    /// <summary>The account operations every caller shares (the gate, lifecycle, temporary credentials) and the audit log under them.</summary>
    public static IHostApplicationBuilder AddHarmonyAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CompanyDefaultsOptions>().Bind(builder.Configuration.GetSection(CompanyDefaultsOptions.Section));
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AccountGate>();
        builder.Services.AddScoped<PasswordHistory>();
        builder.Services.AddScoped<TemporaryCredentials>();
        builder.Services.AddScoped<AccountLifecycle>();
        builder.Services.AddScoped<CompanyOperations>();
        return builder;
    }
}
