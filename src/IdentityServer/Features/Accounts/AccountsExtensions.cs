using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Features.Accounts;

public static class AccountsExtensions
{
    /// <summary>The account operations every caller shares (the gate, lifecycle, temporary credentials) and the audit log under them.</summary>
    public static IHostApplicationBuilder AddHarmonyAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<CompanyDefaultsOptions>(builder.Configuration, CompanyDefaultsOptions.Section, CompanyDefaultsOptions.Problems);
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AccountGate>();
        builder.Services.AddScoped<PasswordHistory>();
        builder.Services.AddScoped<TemporaryCredentials>();
        builder.Services.AddScoped<AccountLifecycle>();
        builder.Services.AddScoped<CompanyOperations>();
        builder.Services.AddScoped<EmployeeProfiles>();
        builder.Services.AddValidatedOptions<ReissueRequestOptions>(builder.Configuration, ReissueRequestOptions.Section, ReissueRequestOptions.Problems);
        builder.Services.AddScoped<ReissueRequests>();
        builder.Services.AddScoped<Email.ReissueRequestNotifier>();
        return builder;
    }
}
