using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Server.Data;

/// <summary>A client company of the Harmony service; every employee account belongs to one.</summary>
public class Company
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Short unique code that operators and CSV files use to name the company.</summary>
    public required string Code { get; set; }

    public required string NameJa { get; set; }

    public required string NameEn { get; set; }

    /// <summary>An inactive company's employees cannot sign in (FAQ Q2).</summary>
    public bool IsActive { get; set; } = true;

    public CompanyPolicy Policy { get; set; } = new();

    /// <summary>
    /// When false (the default) the company's employees may use every first-party app; when true, only the
    /// apps listed in <see cref="AllowedClients"/>.
    /// </summary>
    public bool RestrictClients { get; set; }

    public List<CompanyClient> AllowedClients { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The sign-in policy a company chose; defaults come from <c>Harmony:CompanyDefaults</c>.</summary>
public class CompanyPolicy
{
    /// <summary>Consecutive failed attempts that lock the account (FAQ Q3).</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long temporary credentials stay valid (FAQ Q11).</summary>
    public int TemporaryValidityDays { get; set; } = 30;

    public SecondFactorMode SecondFactor { get; set; } = SecondFactorMode.Off;

    /// <summary>How long "remember this browser" skips the second factor.</summary>
    public int RememberBrowserDays { get; set; } = 30;

    /// <summary>The FAQ's composition rules or NIST SP 800-63B rev. 4's for new passwords (decision 0024).</summary>
    public PasswordRuleSet PasswordRules { get; set; } = PasswordRuleSet.Faq;

    /// <summary>Reissue requests from the expired-credentials page are approved at once, without a representative (decision 0028).</summary>
    public bool AutoApproveReissue { get; set; }

    public CompanyPolicy Copy() => (CompanyPolicy)MemberwiseClone();

    public bool SameAs(CompanyPolicy other) =>
        LockoutThreshold == other.LockoutThreshold && LockoutDuration == other.LockoutDuration &&
        TemporaryValidityDays == other.TemporaryValidityDays && SecondFactor == other.SecondFactor &&
        RememberBrowserDays == other.RememberBrowserDays && PasswordRules == other.PasswordRules &&
        AutoApproveReissue == other.AutoApproveReissue;

    /// <summary>Copies into this policy, which EF tracks as a complex property of its company.</summary>
    public void CopyFrom(CompanyPolicy from)
    {
        LockoutThreshold = from.LockoutThreshold;
        LockoutDuration = from.LockoutDuration;
        TemporaryValidityDays = from.TemporaryValidityDays;
        SecondFactor = from.SecondFactor;
        RememberBrowserDays = from.RememberBrowserDays;
        PasswordRules = from.PasswordRules;
        AutoApproveReissue = from.AutoApproveReissue;
    }
}

public static class CompanyQueries
{
    /// <summary>The sign-in policy of the account's company, as it is now in the database.</summary>
    public static Task<CompanyPolicy> PolicyOfAsync(this HarmonyDbContext db, Guid companyId, CancellationToken cancellationToken = default) =>
        db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => c.Policy).SingleAsync(cancellationToken);

    /// <summary>What a sign-in reads of the account's company, in one query: its policy, and what the account gate checks.</summary>
    public static async Task<(CompanyPolicy Policy, CompanyStanding Standing)> SignInFactsOfAsync(
        this HarmonyDbContext db, Guid companyId, CancellationToken cancellationToken = default)
    {
        var facts = await db.Companies.AsNoTracking().Where(c => c.Id == companyId)
            .Select(c => new { c.Policy, c.IsActive, c.RestrictClients })
            .SingleAsync(cancellationToken);
        return (facts.Policy, new CompanyStanding(facts.IsActive, facts.RestrictClients));
    }

    /// <summary>What <c>AccountGate</c> checks of a company: active, and whether it limits its employees to some apps.</summary>
    public static Task<CompanyStanding> StandingOfAsync(this HarmonyDbContext db, Guid companyId, CancellationToken cancellationToken = default) =>
        db.Companies.AsNoTracking().Where(c => c.Id == companyId)
            .Select(c => new CompanyStanding(c.IsActive, c.RestrictClients))
            .SingleAsync(cancellationToken);
}

/// <summary>A company's state as the account gate reads it.</summary>
public sealed record CompanyStanding(bool IsActive, bool RestrictClients);

/// <summary>An app (OpenIddict client ID) that a company's employees may use when the company restricts apps.</summary>
public class CompanyClient
{
    public Guid CompanyId { get; set; }

    public required string ClientId { get; set; }
}
