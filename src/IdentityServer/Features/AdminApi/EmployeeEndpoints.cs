using FluentValidation.Results;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Employees (PRODUCT §2, §9): search, enrol, detail, correct the address, resend the instruction email, suspend,
/// resume (reissue), unlock and lift the email restriction. Every record is checked against the caller's company;
/// another company's employee is "not found". On an account with an admin role, what reaches its credentials or access
/// is for operators only (403).
/// </summary>
public static class EmployeeEndpoints
{
    private const int RecentEmailCount = 10;
    private const int HistoryCount = 50;

    public static RouteGroupBuilder MapEmployeeEndpoints(this RouteGroupBuilder api)
    {
        var employees = api.AdminGroup("/employees", "Employees");

        // Query parameters one by one (not [AsParameters]) so that the document names them as integrators type them.
        employees.MapGet("/", (HttpContext context, HarmonyDbContext db, AccountGate gate, TimeProvider time,
                Guid? companyId, string? text, string? state, int? page, int? pageSize, string? sort, string? direction,
                CancellationToken cancellationToken) =>
                SearchAsync(new EmployeeQuery(companyId, text, state, page ?? 1, pageSize ?? 50, sort, direction), context, db, gate, time, cancellationToken))
            .WithName("SearchEmployees")
            .WithSummary("Searches employees by name, email, login ID or employee number, and by state; sorted by employeeNumber " +
                         "(default), name, loginId, email or lastSignIn, asc or desc; paged with the total")
            .Produces<PagedResult<EmployeeSummary>>()
            .ProducesValidationProblem();

        employees.MapPost("/", EnrolAsync)
            .WithName("EnrolEmployee")
            .WithSummary("Enrols an employee: temporary credentials are issued and the instruction email queued")
            .Validated<CreateEmployeeRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        employees.MapGet("/{id:guid}", GetAsync)
            .WithName("GetEmployee")
            .WithSummary("One employee: states, last sign-in, recent emails, delivery failures and audit history")
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPut("/{id:guid}/email", UpdateEmailAsync)
            .WithName("UpdateEmployeeEmail")
            .WithSummary("Corrects an employee's email address: the former address is told; what was sent to it stops working " +
                         "(a temporary account gets new temporary credentials at the new address). Operators only on admin accounts")
            .Validated<UpdateEmployeeEmailRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/{id:guid}/resend-instruction", ResendInstructionAsync)
            .WithName("ResendInstructionEmail")
            .WithSummary("Issues new temporary credentials and queues the instruction email again (temporary accounts only; operators only on admin accounts)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        employees.MapPost("/{id:guid}/suspend", SuspendAsync)
            .WithName("SuspendEmployee")
            .WithSummary("Suspends access (ご利用停止): sign-in fails and every session and token ends. Operators only on admin accounts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/{id:guid}/resume", ResumeAsync)
            .WithName("ResumeEmployee")
            .WithSummary("Resumes access (再度ご利用開始) = reissue: new temporary credentials and instruction email. Operators only on admin accounts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/{id:guid}/unlock", UnlockAsync)
            .WithName("UnlockEmployee")
            .WithSummary("Releases a lockout at once")
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/{id:guid}/lift-email-restriction", LiftEmailRestrictionAsync)
            .WithName("LiftEmployeeEmailRestriction")
            .WithSummary("Lifts the sending restriction of the employee's address after delivery failures")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    private static async Task<IResult> SearchAsync(
        EmployeeQuery query, HttpContext context, HarmonyDbContext db, AccountGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Listings.EmployeeProblem(query) is { } refused) return refused;
        var now = time.GetUtcNow();
        var rows = Listings.Employees(db, AdminApiExtensions.Caller(context), query, now);

        var paging = Paging(query.Page, query.PageSize);
        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        var items = page.Select(row => EmployeeViews.ToSummary(row, gate, now)).ToList();
        return TypedResults.Ok(new PagedResult<EmployeeSummary>(items, paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Created<EmployeeCreated>, ProblemHttpResult>> EnrolAsync(
        CreateEmployeeRequest request, HttpContext context, HarmonyDbContext db, AccountLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var company = caller.CanAccess(request.CompanyId)
            ? await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CompanyId, cancellationToken)
            : null;
        if (company is null) return NotFound(AdminApiTexts.CompanyNotFound);

        var number = request.EmployeeNumber!.Trim();
        if (await NumberTakenAsync(db, company.Id, number, cancellationToken)) return Conflict(AdminApiTexts.EmployeeNumberTaken);

        var employee = new NewEmployee(number, request.DisplayName!.Trim(), request.Email!.Trim(),
            SupportedCultures.OfTag(request.Locale));
        Enrolment enrolment;
        try
        {
            enrolment = await lifecycle.EnrolAsync(company, employee, caller.Actor, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin (or an import) enrolled the same number between the check and the save.
            if (!await NumberTakenAsync(db, company.Id, number, cancellationToken)) throw;
            return Conflict(AdminApiTexts.EmployeeNumberTaken);
        }
        var (user, issued) = enrolment;
        return TypedResults.Created($"{AdminApiRoutes.Base}/employees/{user.Id}", new EmployeeCreated(user.Id, issued.LoginId, issued.ExpiresAt));
    }

    private static async Task<Results<Ok<EmployeeDetail>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, HarmonyDbContext db, AccountGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var row = await EmployeeViews.Rows(db, db.Users.AsNoTracking().Where(u => u.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (row is null || !caller.CanAccess(row.User.CompanyId)) return NotFound(AdminApiTexts.EmployeeNotFound);

        var user = row.User;
        var now = time.GetUtcNow();
        var companyCode = await db.Companies.AsNoTracking().Where(c => c.Id == user.CompanyId).Select(c => c.Code).SingleAsync(cancellationToken);
        var failures = user.NormalizedEmail is null ? 0 : await db.EmailAddressStatuses.AsNoTracking()
            .Where(s => s.NormalizedAddress == user.NormalizedEmail)
            .Select(s => s.FailureCount)
            .FirstOrDefaultAsync(cancellationToken);
        var emails = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.UserId == user.Id)
            .OrderByDescending(m => m.Id)
            .Take(RecentEmailCount)
            .ToListAsync(cancellationToken);
        var history = await db.AuditEvents.AsNoTracking()
            .Where(a => a.UserId == user.Id)
            .OrderByDescending(a => a.OccurredAt)
            .ThenByDescending(a => a.Id)
            .Take(HistoryCount)
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(new EmployeeDetail(
            user.Id,
            user.CompanyId,
            companyCode,
            user.EmployeeNumber,
            user.DisplayName,
            user.Email,
            user.Locale,
            user.UserName ?? "",
            user.CredentialKind.ToString(),
            EmployeeViews.StatesOf(row, gate, now),
            user.TemporaryExpiresAt,
            user.LockoutEnd > now ? user.LockoutEnd : null,
            user.ReservedLoginId,
            user.LastSignInAt,
            user.CreatedAt,
            failures,
            emails.Select(message => DeliveryViews.ToDto(message, caller)).ToList(),
            await AuditViews.ToDtosAsync(db, caller, history, cancellationToken),
            await AdminRoleOfAsync(db, user.Id, cancellationToken),
            await db.UserPasskeys.CountAsync(p => p.UserId == user.Id, cancellationToken),
            await db.Set<SignIn.UserAuthenticator>().AnyAsync(a => a.UserId == user.Id, cancellationToken)));
    }

    private static async Task<Results<Ok<EmailCorrectionResult>, ProblemHttpResult>> UpdateEmailAsync(
        Guid id,
        UpdateEmployeeEmailRequest request,
        HttpContext context,
        HarmonyDbContext db,
        AccountLifecycle lifecycle,
        IEmailRestrictions restrictions,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.CompanyId, u.CredentialKind, u.IsSuspended })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null || !caller.CanAccess(account.CompanyId)) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;

        var email = request.Email!.Trim();
        var change = await lifecycle.ChangeEmailAsync(id, email, caller.Actor, cancellationToken);
        if (change.Result == LifecycleResult.NotFound) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (change.Result == LifecycleResult.NoChange)
        {
            return TypedResults.Ok(new EmailCorrectionResult(false, AdminApiTexts.Get(AdminApiTexts.EmailUnchanged), false, null));
        }

        var restricted = await restrictions.IsRestrictedAsync(email, cancellationToken);
        var sentences = new List<string> { AdminApiTexts.EmailChanged };
        if (change.Reissued is not null)
        {
            sentences.Add(restricted ? AdminApiTexts.ReissuedButNewAddressRestricted : AdminApiTexts.ReissuedToNewAddress);
        }
        else if (change.FormerAddressNotified)
        {
            // Reset links can only have gone to a former address; a temporary account's credentials are covered above.
            sentences.Add(AdminApiTexts.ResetLinksVoided);
        }
        if (change.FormerAddressNotified) sentences.Add(AdminApiTexts.FormerAddressNotified);

        // What would get a temporary account its instruction email when the correction did not send one (decision 0022).
        var sent = change.Reissued is not null && !restricted;
        var nextStep = sent || account.CredentialKind != CredentialKind.Temporary ? null
            : restricted ? EmployeeNextSteps.LiftRestriction
            : account.IsSuspended ? EmployeeNextSteps.Resume
            : EmployeeNextSteps.Resend;
        return TypedResults.Ok(new EmailCorrectionResult(true, AdminApiTexts.Sentences(sentences), sent, nextStep));
    }

    /// <summary>Only for a temporary account that is not suspended and whose address receives mail; see <see cref="AccountLifecycle.ResendInstructionAsync"/>.</summary>
    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> ResendInstructionAsync(
        Guid id,
        HttpContext context,
        HarmonyDbContext db,
        AccountLifecycle lifecycle,
        IEmailRestrictions restrictions,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var user = await FindAccessibleAsync(db, caller, id, cancellationToken);
        if (user is null) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;
        if (user.CredentialKind == CredentialKind.Permanent) return Conflict(AdminApiTexts.ResendPermanent);
        if (user.IsSuspended) return Conflict(AdminApiTexts.ResendSuspended);
        if (string.IsNullOrWhiteSpace(user.Email)) return Conflict(AdminApiTexts.ResendNoAddress);
        // Reissuing would void the credentials the employee may still have, for an email that would never leave.
        if (await restrictions.IsRestrictedAsync(user.Email, cancellationToken)) return Conflict(AdminApiTexts.ResendRestricted);

        await lifecycle.ResendInstructionAsync(user, AdminAuditEvents.ResendInstructionReason, caller.Actor, cancellationToken);
        return Outcome(changed: true, AdminApiTexts.InstructionResent);
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> SuspendAsync(
        Guid id, HttpContext context, HarmonyDbContext db, AccountLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!await IsAccessibleAsync(db, caller, id, cancellationToken)) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;
        if (IsOwnAccount(caller, id)) return Conflict(AdminApiTexts.OwnAccount);
        return await lifecycle.SuspendAsync(id, caller.Actor, cancellationToken) switch
        {
            LifecycleResult.Done => Outcome(changed: true, AdminApiTexts.Suspended),
            LifecycleResult.NoChange => Outcome(changed: false, AdminApiTexts.AlreadySuspended),
            _ => NotFound(AdminApiTexts.EmployeeNotFound),
        };
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> ResumeAsync(
        Guid id, HttpContext context, HarmonyDbContext db, AccountLifecycle lifecycle, IEmailRestrictions restrictions,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var email = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.CompanyId, u.Email })
            .SingleOrDefaultAsync(cancellationToken);
        if (email is null || !caller.CanAccess(email.CompanyId)) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;
        if (IsOwnAccount(caller, id)) return Conflict(AdminApiTexts.OwnAccount);

        var mailable = !string.IsNullOrWhiteSpace(email.Email) && !await restrictions.IsRestrictedAsync(email.Email, cancellationToken);
        var (result, _) = await lifecycle.ResumeAsync(id, caller.Actor, cancellationToken);
        return result == LifecycleResult.NotFound
            ? NotFound(AdminApiTexts.EmployeeNotFound)
            : Outcome(changed: true, mailable ? AdminApiTexts.Resumed : AdminApiTexts.ResumedWithoutEmail);
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> UnlockAsync(
        Guid id, HttpContext context, HarmonyDbContext db, AccountLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!await IsAccessibleAsync(db, caller, id, cancellationToken)) return NotFound(AdminApiTexts.EmployeeNotFound);
        return await lifecycle.UnlockAsync(id, caller.Actor, cancellationToken) switch
        {
            LifecycleResult.Done => Outcome(changed: true, AdminApiTexts.Unlocked),
            LifecycleResult.NoChange => Outcome(changed: false, AdminApiTexts.NotLocked),
            _ => NotFound(AdminApiTexts.EmployeeNotFound),
        };
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> LiftEmailRestrictionAsync(
        Guid id, HttpContext context, HarmonyDbContext db, IEmailRestrictions restrictions, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.CompanyId, u.Email })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || !caller.CanAccess(user.CompanyId)) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (string.IsNullOrWhiteSpace(user.Email)) return Outcome(changed: false, AdminApiTexts.NoAddress);

        return await restrictions.LiftAsync(user.Email, caller.Actor, cancellationToken)
            ? Outcome(changed: true, AdminApiTexts.RestrictionLifted)
            : Outcome(changed: false, AdminApiTexts.NotRestricted);
    }

    /// <summary>
    /// The caller's own account: suspending it would lock them out, reissuing it would void their password (the last
    /// operator could leave the support desk with no one to sign in). Bulk actions skip it the same way.
    /// </summary>
    private static bool IsOwnAccount(AdminCaller caller, Guid id) => caller.Subject == id.ToString();

    /// <summary>
    /// Null when the caller may reach the account's credentials or access; otherwise the 403 that says only operators may
    /// do this to an admin account, so that a representative cannot send another admin's credentials to an address of
    /// their choosing. Unlocking and lifting a restriction give nothing away and do not ask.
    /// </summary>
    internal static async Task<ProblemHttpResult?> RefuseOnAdminAccountAsync(HarmonyDbContext db, AdminCaller caller, Guid id,
        CancellationToken cancellationToken)
    {
        return (await ManageableAsync(db, caller, [id], cancellationToken)).Contains(id)
            ? null
            : Problem(StatusCodes.Status403Forbidden, AdminApiTexts.AdminAccountOperatorOnly);
    }

    /// <summary>
    /// Of <paramref name="ids"/>, the accounts whose credentials the caller may manage: all of them for an operator, otherwise
    /// those whose strongest admin role the caller's role may manage (an ordinary employee's, always). One query for a whole list.
    /// </summary>
    internal static async Task<HashSet<Guid>> ManageableAsync(HarmonyDbContext db, AdminCaller caller, IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken)
    {
        if (caller.IsOperator) return [.. ids];
        var roles = await RolesOfAsync(db, ids, cancellationToken);
        return [.. ids.Where(id => caller.MayManageCredentialsOf(AdminAccountRules.StrongestRole(roles[id].ToList())))];
    }

    /// <summary>The admin role the account holds (operator first), or null for an ordinary employee.</summary>
    private static async Task<string?> AdminRoleOfAsync(HarmonyDbContext db, Guid id, CancellationToken cancellationToken) =>
        AdminAccountRules.StrongestRole((await RolesOfAsync(db, [id], cancellationToken))[id].ToList());

    /// <summary>The role names each of <paramref name="ids"/> holds, in one query.</summary>
    private static async Task<ILookup<Guid, string>> RolesOfAsync(HarmonyDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        (await db.UserRoles.AsNoTracking()
            .Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, Role = r.Name! })
            .ToListAsync(cancellationToken))
        .ToLookup(r => r.UserId, r => r.Role);

    /// <summary>The tracked account, or null when it does not exist or belongs to a company the caller may not see.</summary>
    internal static async Task<HarmonyUser?> FindAccessibleAsync(HarmonyDbContext db, AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is not null && caller.CanAccess(user.CompanyId) ? user : null;
    }

    private static async Task<bool> IsAccessibleAsync(HarmonyDbContext db, AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var companyId = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => (Guid?)u.CompanyId).SingleOrDefaultAsync(cancellationToken);
        return companyId is { } company && caller.CanAccess(company);
    }

    internal static Task<bool> NumberTakenAsync(HarmonyDbContext db, Guid companyId, string number, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().AnyAsync(u => u.CompanyId == companyId && u.EmployeeNumber == number, cancellationToken);
}
