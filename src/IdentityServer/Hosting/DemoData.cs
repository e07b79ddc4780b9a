using Harmony.Identity.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

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
}

public static class DemoDataExtensions
{
    public static IHostApplicationBuilder AddHarmonyDemoData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DemoDataOptions.Section).Get<DemoDataOptions>() ?? new DemoDataOptions();
        if (options.Enabled) builder.Services.AddHostedService<DemoDataSeeder>();
        return builder;
    }
}

/// <summary>Seeds the demo data once (it checks the demo company first), after migrations and client sync.</summary>
public sealed partial class DemoDataSeeder(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoDataSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
        if (await db.Companies.AnyAsync(c => c.Code == DemoAccounts.CompanyCode, cancellationToken)) return;

        var now = time.GetUtcNow();
        var company = new Company
        {
            Code = DemoAccounts.CompanyCode,
            NameJa = "ハーモニーデモ株式会社",
            NameEn = "Harmony Demo Inc.",
            CreatedAt = now,
        };
        db.Companies.Add(company);
        await db.SaveChangesAsync(cancellationToken);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<HarmonyUser>>();
        await CreateAsync(users, new HarmonyUser
        {
            UserName = DemoAccounts.EmployeeLoginId,
            Email = "taro.yamada@example.com",
            EmailConfirmed = true,
            DisplayName = "山田 太郎",
            CompanyId = company.Id,
            CredentialKind = CredentialKind.Permanent,
            CreatedAt = now,
        }, DemoAccounts.EmployeePassword);
        await CreateAsync(users, new HarmonyUser
        {
            UserName = DemoAccounts.TemporaryLoginId,
            Email = "hanako.sato@example.com",
            EmailConfirmed = true,
            DisplayName = "佐藤 花子",
            CompanyId = company.Id,
            CredentialKind = CredentialKind.Temporary,
            TemporaryExpiresAt = now.AddDays(30),
            CreatedAt = now,
        }, DemoAccounts.TemporaryPassword);

        LogSeeded(logger, company.Code);
    }

    private static async Task CreateAsync(UserManager<HarmonyUser> users, HarmonyUser user, string password)
    {
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Demo account {user.UserName} could not be created: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded for company {Code}; see the README for the accounts")]
    private static partial void LogSeeded(ILogger logger, string code);
}
