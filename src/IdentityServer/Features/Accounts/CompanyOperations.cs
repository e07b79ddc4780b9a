using OpenIddict.Abstractions;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>The audit events of <see cref="CompanyOperations"/>.</summary>
public static class CompanyAuditEvents
{
    public const string CompanyCreated = "CompanyCreated";
    public const string CompanyUpdated = "CompanyUpdated";
    public const string CompanyDeactivated = "CompanyDeactivated";
    public const string CompanyActivated = "CompanyActivated";
}

/// <summary>A company as a caller wants it: trimmed and validated by the caller (the admin API validates its requests).</summary>
public sealed record CompanyDraft(
    string Code, string NameJa, string NameEn, CompanyPolicy? Policy, bool RestrictClients, IReadOnlyList<string> AllowedClients);

public enum CompanyChangeStatus
{
    Changed,
    /// <summary>Already as asked (activating an active company): nothing saved, nothing audited.</summary>
    Unchanged,
    NotFound,
    /// <summary>Another company has the code, found before the save or by the database's unique index at the save.</summary>
    CodeTaken,
    /// <summary>Some allowed apps are not registered clients; <see cref="CompanyChange.UnknownClients"/> names them.</summary>
    UnknownClients,
}

/// <summary>What a company operation did, and the company as it is now (null when not found).</summary>
public sealed record CompanyChange(CompanyChangeStatus Status, Company? Company = null, IReadOnlyList<(int Index, string ClientId)>? UnknownClients = null);

/// <summary>
/// Creating, editing, deactivating and activating companies (PRODUCT §9), each saved with its audit row. Whether the
/// caller may touch the company is the caller's question (the admin API answers it before calling).
/// </summary>
public sealed class CompanyOperations(
    HarmonyDbContext db, AuditLog audit, TimeProvider time, IOptions<CompanyDefaultsOptions> defaults, IOpenIddictApplicationManager applications)
{
    public async Task<CompanyChange> CreateAsync(CompanyDraft draft, string actor, CancellationToken cancellationToken)
    {
        if (await CodeTakenAsync(draft.Code, exceptId: null, cancellationToken)) return new(CompanyChangeStatus.CodeTaken);

        var company = new Company
        {
            Code = draft.Code,
            NameJa = draft.NameJa,
            NameEn = draft.NameEn,
            Policy = draft.Policy ?? defaults.Value.Policy.Copy(),
            CreatedAt = time.GetUtcNow(),
        };
        db.Companies.Add(company);
        audit.Add(CompanyAuditEvents.CompanyCreated, reason: AuditReasons.ByAdmin, actor: actor, companyId: company.Id, details: $"code {company.Code}");
        return await SaveAsync(company, cancellationToken);
    }

    /// <summary>Replaces code, names, policy and allowed apps; audits what changed, once, or nothing when nothing did.</summary>
    public async Task<CompanyChange> UpdateAsync(Guid id, CompanyDraft draft, string actor, CancellationToken cancellationToken)
    {
        var company = await db.Companies.Include(c => c.AllowedClients).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null) return new(CompanyChangeStatus.NotFound);

        var allowed = draft.AllowedClients.Distinct(StringComparer.Ordinal).ToList();
        var unknown = new List<(int, string)>();
        foreach (var (clientId, index) in allowed.Select((c, i) => (c, i)))
        {
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is null) unknown.Add((index, clientId));
        }
        if (unknown.Count > 0) return new(CompanyChangeStatus.UnknownClients, company, unknown);
        if (draft.Code != company.Code && await CodeTakenAsync(draft.Code, id, cancellationToken)) return new(CompanyChangeStatus.CodeTaken, company);

        var policy = draft.Policy ?? company.Policy;
        var changes = new List<string>();
        if (company.Code != draft.Code) changes.Add($"code {company.Code} -> {draft.Code}");
        if (company.NameJa != draft.NameJa || company.NameEn != draft.NameEn) changes.Add("names");
        if (!company.Policy.SameAs(policy)) changes.Add("policy");
        if (company.Policy.PasswordRules != policy.PasswordRules) changes.Add($"password rules {company.Policy.PasswordRules} -> {policy.PasswordRules}");
        if (company.Policy.AutoApproveReissue != policy.AutoApproveReissue) changes.Add($"reissue requests {(policy.AutoApproveReissue ? "approved automatically" : "decided by a representative")}");
        var before = company.AllowedClients.Select(c => c.ClientId).Order(StringComparer.Ordinal).ToList();
        if (company.RestrictClients != draft.RestrictClients || !before.SequenceEqual(allowed.Order(StringComparer.Ordinal)))
        {
            changes.Add($"apps {(draft.RestrictClients ? "restricted to [" + string.Join(", ", allowed) + "]" : "unrestricted")}");
        }

        company.Code = draft.Code;
        company.NameJa = draft.NameJa;
        company.NameEn = draft.NameEn;
        company.Policy.CopyFrom(policy);
        company.RestrictClients = draft.RestrictClients;
        company.AllowedClients.RemoveAll(c => !allowed.Contains(c.ClientId));
        foreach (var clientId in allowed.Where(c => company.AllowedClients.All(existing => existing.ClientId != c)))
        {
            company.AllowedClients.Add(new CompanyClient { CompanyId = company.Id, ClientId = clientId });
        }
        if (changes.Count > 0)
        {
            audit.Add(CompanyAuditEvents.CompanyUpdated, reason: AuditReasons.ByAdmin, actor: actor, companyId: company.Id,
                details: string.Join("; ", changes));
        }
        return await SaveAsync(company, cancellationToken);
    }

    /// <summary>
    /// Deactivates or activates a company. Sign-in, refresh and userinfo all ask <see cref="AccountGate"/>, which reads
    /// this flag, so there is nothing else to revoke.
    /// </summary>
    public async Task<CompanyChange> SetActiveAsync(Guid id, bool active, string actor, CancellationToken cancellationToken)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null) return new(CompanyChangeStatus.NotFound);
        if (company.IsActive == active) return new(CompanyChangeStatus.Unchanged, company);

        company.IsActive = active;
        audit.Add(active ? CompanyAuditEvents.CompanyActivated : CompanyAuditEvents.CompanyDeactivated,
            reason: AuditReasons.ByAdmin, actor: actor, companyId: company.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new(CompanyChangeStatus.Changed, company);
    }

    private async Task<CompanyChange> SaveAsync(Company company, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another operator took the same code between the check and the save.
            if (!await CodeTakenAsync(company.Code, company.Id, CancellationToken.None)) throw;
            return new(CompanyChangeStatus.CodeTaken, company);
        }
        return new(CompanyChangeStatus.Changed, company);
    }

    private Task<bool> CodeTakenAsync(string code, Guid? exceptId, CancellationToken cancellationToken) =>
        db.Companies.AsNoTracking().AnyAsync(c => c.Code == code && c.Id != exceptId, cancellationToken);
}
