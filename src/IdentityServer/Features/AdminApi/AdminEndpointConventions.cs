using FluentValidation;
using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// What every admin endpoint shares: its problems (404, 403, 409 with a localized <c>detail</c>), request validation
/// with the Contracts validators, the operator-only gate and paging.
/// </summary>
public static class AdminEndpointConventions
{
    public const int MaxPageSize = 200;

    private const int MaxPage = 1_000_000;

    /// <summary>A record the caller may not see is answered exactly like one that does not exist.</summary>
    public static ProblemHttpResult NotFound(string textKey) => Problem(StatusCodes.Status404NotFound, textKey);

    public static ProblemHttpResult Conflict(string textKey) => Problem(StatusCodes.Status409Conflict, textKey);

    public static ProblemHttpResult Problem(int status, string textKey) =>
        TypedResults.Problem(detail: AdminApiTexts.Get(textKey), statusCode: status);

    /// <summary>An action's answer: what happened, in the caller's language, one or more sentences; "nothing to do" is not an error.</summary>
    public static Ok<ActionResult> Outcome(bool changed, params string[] textKeys) =>
        TypedResults.Ok(new ActionResult(changed, AdminApiTexts.Sentences(textKeys)));

    /// <summary>
    /// The group's common answers: JSON problems rather than the HTML error page, and the 401/403 of the admin policy
    /// in the OpenAPI document.
    /// </summary>
    public static RouteGroupBuilder AdminGroup(this RouteGroupBuilder api, string prefix, string tag)
    {
        var group = api.MapGroup(prefix).WithTags(tag);
        group.WithMetadata(
            new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute(),
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(void)),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(void)));
        return group;
    }

    /// <summary>Representatives get 403 (with a problem body) before the handler runs.</summary>
    public static RouteHandlerBuilder OperatorOnly(this RouteHandlerBuilder endpoint) => endpoint
        .AddEndpointFilter(async (context, next) =>
            AdminApiExtensions.Caller(context.HttpContext).IsOperator
                ? await next(context)
                : Problem(StatusCodes.Status403Forbidden, AdminApiTexts.OperatorOnly))
        .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Validates the <typeparamref name="TRequest"/> argument with its Contracts validator: 400 with field names.</summary>
    public static RouteHandlerBuilder Validated<TRequest>(this RouteHandlerBuilder endpoint) => endpoint
        .AddEndpointFilter(async (context, next) =>
        {
            var request = context.Arguments.OfType<TRequest>().SingleOrDefault();
            if (request is null) return await next(context);
            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TRequest>>();
            var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
            return result.IsValid ? await next(context) : AdminApiExtensions.ValidationProblem(result);
        })
        .ProducesValidationProblem();

    /// <summary>Pages start at 1; sizes are kept between 1 and <see cref="MaxPageSize"/>.</summary>
    public static (int Page, int PageSize, int Skip) Paging(int page, int pageSize)
    {
        page = Math.Clamp(page, 1, MaxPage);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        return (page, pageSize, (page - 1) * pageSize);
    }
}

/// <summary>Audit events of admin actions that the account and company operations do not record themselves.</summary>
public static class AdminAuditEvents
{
    public const string ClientRegistered = "ClientRegistered";
    public const string ClientRedirectsUpdated = "ClientRedirectsUpdated";
    public const string ClientSecretRotated = "ClientSecretRotated";

    /// <summary>Reason of the <c>TemporaryCredentialsIssued</c> event when an admin resends the instruction email.</summary>
    public const string ResendInstructionReason = "ResendInstruction";
}
