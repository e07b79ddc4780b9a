using FluentValidation.Results;
using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Companies (PRODUCT §9): representatives read their own; operators list, create, edit (names, code, policy, allowed
/// apps), deactivate and activate every company.
/// </summary>
public static class CompanyEndpoints
{
    public static RouteGroupBuilder MapCompanyEndpoints(this RouteGroupBuilder api)
    {
        var companies = api.AdminGroup("/companies", "Companies");

        companies.MapGet("/", ListAsync)
            .WithName("ListCompanies")
            .WithSummary("Lists companies, paged: every company for operators, their own for representatives");

        companies.MapPost("/", CreateAsync)
            .WithName("CreateCompany")
            .WithSummary("Creates a company; without a policy it gets the configured defaults (operators only)")
            .OperatorOnly()
            .Validated<CreateCompanyRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        companies.MapGet("/{id:guid}", GetAsync)
            .WithName("GetCompany")
            .WithSummary("One company with its policy and allowed apps")
            .ProducesProblem(StatusCodes.Status404NotFound);

        companies.MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateCompany")
            .WithSummary("Edits a company's code, names, policy and allowed apps (operators only)")
            .OperatorOnly()
            .Validated<UpdateCompanyRequest>()
            .Produces<CompanyDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        companies.MapPost("/{id:guid}/deactivate", (Guid id, HttpContext context, HarmonyDbContext db, AuditLog audit, CancellationToken ct) =>
                SetActiveAsync(id, active: false, context, db, audit, ct))
            .WithName("DeactivateCompany")
            .WithSummary("Deactivates a company: its employees can no longer sign in (operators only)")
            .OperatorOnly()
            .ProducesProblem(StatusCodes.Status404NotFound);

        companies.MapPost("/{id:guid}/activate", (Guid id, HttpContext context, HarmonyDbContext db, AuditLog audit, CancellationToken ct) =>
                SetActiveAsync(id, active: true, context, db, audit, ct))
            .WithName("ActivateCompany")
            .WithSummary("Activates a company again (operators only)")
            .OperatorOnly()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    private static async Task<Ok<PagedResult<CompanySummary>>> ListAsync(
        HttpContext context, HarmonyDbContext db, string? text = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var caller = AdminApiExtensions.Caller(context);
        var query = db.Companies.AsNoTracking();
        if (!caller.IsOperator) query = query.Where(c => c.Id == caller.CompanyId);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = text.Trim();
            var code = term.ToLowerInvariant();
            query = query.Where(c => c.Code.Contains(code) || c.NameJa.Contains(term) || c.NameEn.Contains(term));
        }

        var paging = Paging(page, pageSize);
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderBy(c => c.Code)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .Select(c => new CompanySummary(c.Id, c.Code, c.NameJa, c.NameEn, c.IsActive, db.Users.Count(u => u.CompanyId == c.Id)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<CompanySummary>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Created<CompanyDetail>, ProblemHttpResult>> CreateAsync(
        CreateCompanyRequest request,
        HttpContext context,
        HarmonyDbContext db,
        AuditLog audit,
        IOptions<CompanyDefaultsOptions> defaults,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var code = request.Code!.Trim();
        if (await db.Companies.AnyAsync(c => c.Code == code, cancellationToken)) return Conflict(AdminApiTexts.CompanyCodeTaken);

        var company = new Company
        {
            Code = code,
            NameJa = request.NameJa!.Trim(),
            NameEn = request.NameEn!.Trim(),
            Policy = request.Policy is null ? defaults.Value.Policy.Copy() : CompanyMapping.ToPolicy(request.Policy),
            CreatedAt = time.GetUtcNow(),
        };
        db.Companies.Add(company);
        audit.Add(AdminAuditEvents.CompanyCreated, reason: AuditReasons.ByAdmin, actor: caller.Actor, companyId: company.Id,
            details: $"code {company.Code}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another operator took the same code between the check and the save.
            if (!await CodeTakenAsync(db, code, company.Id)) throw;
            return Conflict(AdminApiTexts.CompanyCodeTaken);
        }
        return TypedResults.Created($"{AdminApiRoutes.Base}/companies/{company.Id}", CompanyMapping.ToDetail(company));
    }

    private static async Task<Results<Ok<CompanyDetail>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, HarmonyDbContext db, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var company = caller.CanAccess(id)
            ? await db.Companies.AsNoTracking().Include(c => c.AllowedClients).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        return company is null ? NotFound(AdminApiTexts.CompanyNotFound) : TypedResults.Ok(CompanyMapping.ToDetail(company));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id,
        UpdateCompanyRequest request,
        HttpContext context,
        HarmonyDbContext db,
        AuditLog audit,
        IOpenIddictApplicationManager applications,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var company = caller.CanAccess(id)
            ? await db.Companies.Include(c => c.AllowedClients).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        if (company is null) return NotFound(AdminApiTexts.CompanyNotFound);

        var allowed = (request.AllowedClients ?? []).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = new ValidationResult();
        foreach (var (clientId, index) in allowed.Select((c, i) => (c, i)))
        {
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is null)
            {
                unknown.Errors.Add(new ValidationFailure($"{nameof(UpdateCompanyRequest.AllowedClients)}[{index}]",
                    AdminValidationTexts.Message(AdminValidationCodes.ClientUnknown), clientId) { ErrorCode = AdminValidationCodes.ClientUnknown });
            }
        }
        if (!unknown.IsValid) return AdminApiExtensions.ValidationProblem(unknown);

        var code = request.Code!.Trim();
        if (code != company.Code && await db.Companies.AnyAsync(c => c.Code == code && c.Id != id, cancellationToken))
        {
            return Conflict(AdminApiTexts.CompanyCodeTaken);
        }

        var changes = new List<string>();
        if (company.Code != code) changes.Add($"code {company.Code} -> {code}");
        if (company.NameJa != request.NameJa!.Trim() || company.NameEn != request.NameEn!.Trim()) changes.Add("names");
        var policy = CompanyMapping.ToPolicy(request.Policy!);
        if (CompanyMapping.ToDto(company.Policy) != CompanyMapping.ToDto(policy)) changes.Add("policy");
        var before = company.AllowedClients.Select(c => c.ClientId).Order(StringComparer.Ordinal).ToList();
        if (company.RestrictClients != request.RestrictClients || !before.SequenceEqual(allowed.Order(StringComparer.Ordinal)))
        {
            changes.Add($"apps {(request.RestrictClients ? "restricted to [" + string.Join(", ", allowed) + "]" : "unrestricted")}");
        }

        company.Code = code;
        company.NameJa = request.NameJa!.Trim();
        company.NameEn = request.NameEn!.Trim();
        CompanyMapping.Apply(policy, company.Policy);
        company.RestrictClients = request.RestrictClients;
        company.AllowedClients.RemoveAll(c => !allowed.Contains(c.ClientId));
        foreach (var clientId in allowed.Where(c => company.AllowedClients.All(existing => existing.ClientId != c)))
        {
            company.AllowedClients.Add(new CompanyClient { CompanyId = company.Id, ClientId = clientId });
        }

        if (changes.Count > 0)
        {
            audit.Add(AdminAuditEvents.CompanyUpdated, reason: AuditReasons.ByAdmin, actor: caller.Actor, companyId: company.Id,
                details: string.Join("; ", changes));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await CodeTakenAsync(db, code, company.Id)) throw;
            return Conflict(AdminApiTexts.CompanyCodeTaken);
        }
        return TypedResults.Ok(CompanyMapping.ToDetail(company));
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> SetActiveAsync(
        Guid id, bool active, HttpContext context, HarmonyDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var company = caller.CanAccess(id) ? await db.Companies.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) : null;
        if (company is null) return NotFound(AdminApiTexts.CompanyNotFound);
        if (company.IsActive == active)
        {
            return Outcome(changed: false, active ? AdminApiTexts.CompanyAlreadyActive : AdminApiTexts.CompanyAlreadyInactive);
        }

        // Sign-in, refresh and userinfo all ask AccountGate, which reads this flag: nothing else to revoke.
        company.IsActive = active;
        audit.Add(active ? AdminAuditEvents.CompanyActivated : AdminAuditEvents.CompanyDeactivated,
            reason: AuditReasons.ByAdmin, actor: caller.Actor, companyId: company.Id);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome(changed: true, active ? AdminApiTexts.CompanyActivated : AdminApiTexts.CompanyDeactivated);
    }

    private static async Task<bool> CodeTakenAsync(HarmonyDbContext db, string code, Guid exceptId) =>
        await db.Companies.AsNoTracking().AnyAsync(c => c.Code == code && c.Id != exceptId);
}

/// <summary>Companies as the admin API shows them, and policies as it receives them.</summary>
public static class CompanyMapping
{
    public static CompanyDetail ToDetail(Company company) => new(
        company.Id,
        company.Code,
        company.NameJa,
        company.NameEn,
        company.IsActive,
        ToDto(company.Policy),
        company.RestrictClients,
        company.AllowedClients.Select(c => c.ClientId).Order(StringComparer.Ordinal).ToList(),
        company.CreatedAt);

    public static CompanyPolicyDto ToDto(CompanyPolicy policy) => new(
        policy.LockoutThreshold,
        (int)Math.Round(policy.LockoutDuration.TotalHours),
        policy.TemporaryValidityDays,
        policy.SecondFactor.ToString(),
        policy.RememberBrowserDays);

    /// <summary>A validated policy (see <see cref="CompanyPolicyDtoValidator"/>) as the data model keeps it.</summary>
    public static CompanyPolicy ToPolicy(CompanyPolicyDto dto) => new()
    {
        LockoutThreshold = dto.LockoutThreshold,
        LockoutDuration = TimeSpan.FromHours(dto.LockoutDurationHours),
        TemporaryValidityDays = dto.TemporaryValidityDays,
        SecondFactor = Enum.Parse<SecondFactorMode>(dto.SecondFactor, ignoreCase: true),
        RememberBrowserDays = dto.RememberBrowserDays,
    };

    /// <summary>Copies into the tracked policy, which EF keeps as a complex property of the company.</summary>
    public static void Apply(CompanyPolicy from, CompanyPolicy to)
    {
        to.LockoutThreshold = from.LockoutThreshold;
        to.LockoutDuration = from.LockoutDuration;
        to.TemporaryValidityDays = from.TemporaryValidityDays;
        to.SecondFactor = from.SecondFactor;
        to.RememberBrowserDays = from.RememberBrowserDays;
    }
}
