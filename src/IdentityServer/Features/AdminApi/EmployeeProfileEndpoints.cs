using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Edits an employee's profile (issue 12 item 6): display name, employee number (unique in the company) and the language
/// of their emails. The address has its own endpoint, because changing it voids what the old one received (decision
/// 0010). On an admin account this is for operators only, as its other changes are: the history names people by their
/// current name, so renaming another admin would rewrite who appears to have done what (decision 0022).
/// </summary>
public static class EmployeeProfileEndpoints
{
    public static RouteGroupBuilder MapEmployeeProfileEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/employees", "Employees")
            .MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateEmployee")
            .WithSummary("Edits an employee's name, employee number (unique in the company) and email language, audited with " +
                         "each value before and after. Operators only on admin accounts")
            .Validated<UpdateEmployeeRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateEmployeeRequest request, HttpContext context, HarmonyDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var user = await EmployeeEndpoints.FindAccessibleAsync(db, caller, id, cancellationToken);
        if (user is null) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await EmployeeEndpoints.RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;

        var number = request.EmployeeNumber!.Trim();
        var changes = new Dictionary<string, (string? Before, string? After)>();
        Compare(changes, "displayName", user.DisplayName, request.DisplayName!.Trim());
        Compare(changes, "employeeNumber", user.EmployeeNumber, number);
        Compare(changes, "locale", user.Locale, SupportedCultures.OfTag(request.Locale!.Trim().ToLowerInvariant()));
        if (changes.Count == 0) return Outcome(changed: false, AdminApiTexts.ProfileUnchanged);

        var numberChanged = changes.ContainsKey("employeeNumber");
        if (numberChanged && await EmployeeEndpoints.NumberTakenAsync(db, user.CompanyId, number, cancellationToken))
        {
            return Conflict(AdminApiTexts.EmployeeNumberTaken);
        }
        if (changes.TryGetValue("displayName", out var name)) user.DisplayName = name.After!;
        if (numberChanged) user.EmployeeNumber = number;
        if (changes.TryGetValue("locale", out var locale)) user.Locale = locale.After!;
        audit.Add(AuditEvents.ProfileUpdated, user, AuditReasons.ByAdmin, actor: caller.Actor, details: AuditDetails.ProfileChange(changes));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (numberChanged)
        {
            // Another admin (or an import) took the number between the check and the save (the unique index said so).
            db.ChangeTracker.Clear();
            if (!await EmployeeEndpoints.NumberTakenAsync(db, user.CompanyId, number, cancellationToken)) throw;
            return Conflict(AdminApiTexts.EmployeeNumberTaken);
        }
        return Outcome(changed: true, AdminApiTexts.ProfileUpdated);
    }

    private static void Compare(Dictionary<string, (string?, string?)> changes, string field, string? before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal)) changes[field] = (before, after);
    }
}
