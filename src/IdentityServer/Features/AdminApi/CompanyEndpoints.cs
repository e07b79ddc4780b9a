using FluentValidation.Results;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithSummary("Creates a company; without a policy it gets the configured defaults; with a first representative, enrols them as its company-admin in the same save (operators only)")
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

        companies.MapPost("/{id:guid}/deactivate", (Guid id, HttpContext context, CompanyOperations companies, CancellationToken ct) =>
                SetActiveAsync(id, active: false, context, companies, ct))
            .WithName("DeactivateCompany")
            .WithSummary("Deactivates a company: its employees can no longer sign in (operators only)")
            .OperatorOnly()
            .ProducesProblem(StatusCodes.Status404NotFound);

        companies.MapPost("/{id:guid}/activate", (Guid id, HttpContext context, CompanyOperations companies, CancellationToken ct) =>
                SetActiveAsync(id, active: true, context, companies, ct))
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

    private static async Task<IResult> CreateAsync(
        CreateCompanyRequest request, HttpContext context, CompanyOperations companies, CompanyOnboarding onboarding, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var policy = request.Policy is null ? null : CompanyMapping.ToPolicy(request.Policy);
        var draft = new CompanyDraft(request.Code!.Trim(), request.NameJa!.Trim(), request.NameEn!.Trim(), policy, RestrictClients: false, []);
        var change = request.FirstRepresentative is { } first
            ? await onboarding.CreateAsync(draft, new NewEmployee(first.EmployeeNumber!.Trim(), first.DisplayName!.Trim(), first.Email!.Trim(),
                SupportedCultures.OfTag(first.Locale)), caller.Actor, cancellationToken)
            : await companies.CreateAsync(draft, caller.Actor, cancellationToken);
        return change.Status == CompanyChangeStatus.Changed
            ? TypedResults.Created($"{AdminApiRoutes.Base}/companies/{change.Company!.Id}", CompanyMapping.ToDetail(change.Company))
            : Answer(change);
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
        Guid id, UpdateCompanyRequest request, HttpContext context, HarmonyDbContext db, CompanyOperations companies,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!caller.CanAccess(id)) return NotFound(AdminApiTexts.CompanyNotFound);
        var current = await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(c => c.Policy).SingleOrDefaultAsync(cancellationToken);
        var draft = new CompanyDraft(request.Code!.Trim(), request.NameJa!.Trim(), request.NameEn!.Trim(),
            CompanyMapping.ToPolicy(request.Policy!, current?.PasswordRules ?? PasswordRuleSet.Faq, current?.AutoApproveReissue ?? false),
            request.RestrictClients, [.. (request.AllowedClients ?? []).Select(c => c.Trim())]);
        var change = await companies.UpdateAsync(id, draft, caller.Actor, cancellationToken);
        return change.Status == CompanyChangeStatus.Changed ? TypedResults.Ok(CompanyMapping.ToDetail(change.Company!)) : Answer(change);
    }

    private static async Task<IResult> SetActiveAsync(
        Guid id, bool active, HttpContext context, CompanyOperations companies, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!caller.CanAccess(id)) return NotFound(AdminApiTexts.CompanyNotFound);
        var change = await companies.SetActiveAsync(id, active, caller.Actor, cancellationToken);
        return change.Status switch
        {
            CompanyChangeStatus.Changed => Outcome(changed: true, active ? AdminApiTexts.CompanyActivated : AdminApiTexts.CompanyDeactivated),
            CompanyChangeStatus.Unchanged => Outcome(changed: false, active ? AdminApiTexts.CompanyAlreadyActive : AdminApiTexts.CompanyAlreadyInactive),
            _ => Answer(change),
        };
    }

    /// <summary>The refusals every company operation shares.</summary>
    private static IResult Answer(CompanyChange change) => change.Status switch
    {
        CompanyChangeStatus.NotFound => NotFound(AdminApiTexts.CompanyNotFound),
        CompanyChangeStatus.CodeTaken => Conflict(AdminApiTexts.CompanyCodeTaken),
        CompanyChangeStatus.UnknownClients => AdminApiExtensions.ValidationProblem(new ValidationResult(change.UnknownClients!.Select(unknown =>
            new ValidationFailure($"{nameof(UpdateCompanyRequest.AllowedClients)}[{unknown.Index}]",
                AdminValidationTexts.Message(AdminValidationCodes.ClientUnknown), unknown.ClientId) { ErrorCode = AdminValidationCodes.ClientUnknown }))),
        _ => throw new InvalidOperationException($"A company operation answered {change.Status} where no answer is defined."),
    };
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
        policy.RememberBrowserDays,
        policy.PasswordRules.ToString(),
        policy.AutoApproveReissue);

    /// <summary>A validated policy (see <see cref="CompanyPolicyDtoValidator"/>) as the data model keeps it.</summary>
    /// <param name="passwordRules">What an absent <c>passwordRules</c> means: the FAQ's rules for a new company, the
    /// company's current rules on an update (a client that does not know the field leaves it as it is).</param>
    /// <param name="autoApproveReissue">What an absent <c>autoApproveReissue</c> means, in the same way (off for a new company).</param>
    public static CompanyPolicy ToPolicy(CompanyPolicyDto dto, PasswordRuleSet passwordRules = PasswordRuleSet.Faq,
        bool autoApproveReissue = false) => new()
    {
        LockoutThreshold = dto.LockoutThreshold,
        LockoutDuration = TimeSpan.FromHours(dto.LockoutDurationHours),
        TemporaryValidityDays = dto.TemporaryValidityDays,
        SecondFactor = Enum.Parse<SecondFactorMode>(dto.SecondFactor, ignoreCase: true),
        RememberBrowserDays = dto.RememberBrowserDays,
        PasswordRules = dto.PasswordRules is null ? passwordRules : Enum.Parse<PasswordRuleSet>(dto.PasswordRules, ignoreCase: true),
        AutoApproveReissue = dto.AutoApproveReissue ?? autoApproveReissue,
    };
}
