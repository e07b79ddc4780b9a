using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Hosting;

/// <summary>Turns the demo data on (section <c>Harmony:DemoData</c>); on in Development only.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "Harmony:DemoData";

    public bool Enabled { get; set; }
}

/// <summary>The demo company and employees that the README lists, so a newcomer can try every case.</summary>
public static class DemoAccounts
{
    public const string CompanyCode = "demo";
    public const string EmployeeLoginId = "demo-employee";
    public const string EmployeePassword = "Harmony#Demo2026";
    public const string TemporaryLoginId = "tmp_demo2026";
    public const string TemporaryPassword = "Welcome#2026tmp";
    public const string ExpiredLoginId = "tmp_expired01";
    public const string ExpiredPassword = "Expired#2026tmp";
    public const string SuspendedLoginId = "demo-suspended";
    public const string SuspendedPassword = "Harmony#Suspended1";
    public const string InactiveCompanyCode = "demo-inactive";
    public const string InactiveCompanyLoginId = "demo-inactive";
    public const string InactiveCompanyPassword = "Harmony#Inactive1";
    public const string SecureCompanyCode = "demo-secure";
    public const string SecondFactorLoginId = "demo-2fa";
    public const string SecondFactorPassword = "Harmony#Secure2026";
    public const string CompanyAdminLoginId = "demo-admin";
    public const string CompanyAdminPassword = "Harmony#Admin2026";
    public const string OperatorCompanyCode = Features.AdminApi.OperatorAccountsOptions.DefaultCompanyCode;
    public const string OperatorLoginId = "demo-operator";
    public const string OperatorPassword = "Harmony#Operator2026";
}

public static class DemoDataExtensions
{
    public static IHostApplicationBuilder AddHarmonyDemoData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DemoDataOptions.Section).Get<DemoDataOptions>() ?? new DemoDataOptions();
        if (options.Enabled) builder.Services.AddStartupStep<DemoDataSeeder>();
        return builder;
    }
}

/// <summary>Seeds the demo data once (it checks the demo company first), after migrations and client sync.</summary>
public sealed partial class DemoDataSeeder(
    IServiceScopeFactory scopes,
    IOptions<CompanyDefaultsOptions> defaults,
    TimeProvider time,
    ILogger<DemoDataSeeder> logger)
    : IStartupStep
{
    public int Order => StartupOrder.DemoData;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
        if (await db.Companies.AnyAsync(c => c.Code == DemoAccounts.CompanyCode, cancellationToken)) return;

        var now = time.GetUtcNow();
        var company = NewCompany(DemoAccounts.CompanyCode, "ハーモニーデモ株式会社", "Harmony Demo Inc.", isActive: true, now);
        var inactive = NewCompany(DemoAccounts.InactiveCompanyCode, "ハーモニー休止中株式会社", "Harmony Dormant Inc.", isActive: false, now);
        var support = NewCompany(DemoAccounts.OperatorCompanyCode, "ハーモニー サポートデスク", "Harmony support desk", isActive: true, now);
        var secure = NewCompany(DemoAccounts.SecureCompanyCode, "ハーモニーセキュア株式会社", "Harmony Secure Inc.", isActive: true, now);
        secure.Policy.SecondFactor = SecondFactorMode.Email;
        db.Companies.AddRange(company, inactive, support, secure);
        await db.SaveChangesAsync(cancellationToken);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<HarmonyUser>>();
        var history = scope.ServiceProvider.GetRequiredService<PasswordHistory>();
        async Task CreateAsync(HarmonyUser user, string password)
        {
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Demo account {user.UserName} could not be created: {string.Join(", ", result.Errors.Select(e => e.Code))}");
            }
            await history.RecordAsync(user, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await CreateAsync(Employee(company, DemoAccounts.EmployeeLoginId, "山田 太郎", "taro.yamada@example.com", now),
            DemoAccounts.EmployeePassword);

        var temporary = Employee(company, DemoAccounts.TemporaryLoginId, "佐藤 花子", "hanako.sato@example.com", now);
        temporary.CredentialKind = CredentialKind.Temporary;
        temporary.TemporaryExpiresAt = now.AddDays(company.Policy.TemporaryValidityDays);
        await CreateAsync(temporary, DemoAccounts.TemporaryPassword);

        var expired = Employee(company, DemoAccounts.ExpiredLoginId, "鈴木 一郎", "ichiro.suzuki@example.com", now);
        expired.CredentialKind = CredentialKind.Temporary;
        expired.TemporaryExpiresAt = now.AddDays(-1);
        await CreateAsync(expired, DemoAccounts.ExpiredPassword);

        var suspended = Employee(company, DemoAccounts.SuspendedLoginId, "高橋 次郎", "jiro.takahashi@example.com", now);
        suspended.IsSuspended = true;
        await CreateAsync(suspended, DemoAccounts.SuspendedPassword);

        await CreateAsync(Employee(inactive, DemoAccounts.InactiveCompanyLoginId, "田中 三郎", "saburo.tanaka@example.com", now),
            DemoAccounts.InactiveCompanyPassword);

        await CreateAsync(Employee(secure, DemoAccounts.SecondFactorLoginId, "小林 優子", "yuko.kobayashi@example.com", now),
            DemoAccounts.SecondFactorPassword);

        var representative = Employee(company, DemoAccounts.CompanyAdminLoginId, "伊藤 美咲", "misaki.ito@example.com", now);
        await CreateAsync(representative, DemoAccounts.CompanyAdminPassword);
        await users.AddToRoleAsync(representative, HarmonyRoles.CompanyAdmin);

        var supportDesk = Employee(support, DemoAccounts.OperatorLoginId, "渡辺 健", "ken.watanabe@example.com", now);
        await CreateAsync(supportDesk, DemoAccounts.OperatorPassword);
        await users.AddToRoleAsync(supportDesk, HarmonyRoles.Operator);

        LogSeeded(logger, company.Code);
    }

    private Company NewCompany(string code, string nameJa, string nameEn, bool isActive, DateTimeOffset now) => new()
    {
        Policy = defaults.Value.Policy.Copy(),
        Code = code,
        NameJa = nameJa,
        NameEn = nameEn,
        IsActive = isActive,
        CreatedAt = now,
    };

    private static HarmonyUser Employee(Company company, string loginId, string name, string email, DateTimeOffset now) => new()
    {
        UserName = loginId,
        Email = email,
        EmailConfirmed = true,
        DisplayName = name,
        CompanyId = company.Id,
        CredentialKind = CredentialKind.Permanent,
        CreatedAt = now,
    };


    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded for company {Code}; see the README for the accounts")]
    private static partial void LogSeeded(ILogger logger, string code);
}
