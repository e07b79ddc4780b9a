using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Resetting an employee's authenticator app for a lost phone (decision 0029): the app and its recovery codes are
/// removed, the employee is told by email, and the next sign-in of a company that requires the app sets up a new one.
/// A second factor is a credential: on an admin account this is for operators only (decision 0010).
/// </summary>
public static class AuthenticatorEndpoints
{
    public static RouteGroupBuilder MapAuthenticatorEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/employees", "Employees")
            .MapPost("/{id:guid}/reset-authenticator", ResetAsync)
            .WithName("ResetEmployeeAuthenticator")
            .WithSummary("Removes the employee's authenticator app and recovery codes (a lost phone); the employee is told by email. " +
                         "Operators only on admin accounts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> ResetAsync(
        Guid id, HttpContext context, HarmonyDbContext db, Authenticators authenticators, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var user = await EmployeeEndpoints.FindAccessibleAsync(db, caller, id, cancellationToken);
        if (user is null) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await EmployeeEndpoints.RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;

        return await authenticators.RemoveAsync(user, caller.Actor, cancellationToken)
            ? Outcome(changed: true, AdminApiTexts.AuthenticatorReset)
            : Outcome(changed: false, AdminApiTexts.NoAuthenticator);
    }
}

/// <summary>The texts of <see cref="AuthenticatorEndpoints"/>, in the same resx files.</summary>
public static partial class AdminApiTexts
{
    public const string AuthenticatorReset = nameof(AuthenticatorReset);
    public const string NoAuthenticator = nameof(NoAuthenticator);
}
