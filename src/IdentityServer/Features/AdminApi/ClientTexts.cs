using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>What the apps' endpoints say beyond <see cref="AdminApiTexts"/> (in <c>ClientTexts.resx</c>), and their audit events.</summary>
public static class ClientTexts
{
    public const string ClientInUse = nameof(ClientInUse);
    public const string ClientDisabled = nameof(ClientDisabled);
    public const string ClientAlreadyDisabled = nameof(ClientAlreadyDisabled);
    public const string ClientEnabled = nameof(ClientEnabled);
    public const string ClientAlreadyEnabled = nameof(ClientAlreadyEnabled);

    private static readonly TextResource Texts = new(typeof(ClientTexts));

    public static string Get(string key, CultureInfo? culture = null) => Texts.Get(key, culture);

    public static ProblemHttpResult Conflict(string key) => TypedResults.Problem(detail: Get(key), statusCode: StatusCodes.Status409Conflict);

    public static Ok<ActionResult> Outcome(bool changed, string key) => TypedResults.Ok(new ActionResult(changed, Get(key)));
}

/// <summary>Audit events of the apps' lifecycle (with <see cref="AdminAuditEvents"/>' registration, redirects and secret).</summary>
public static class ClientAuditEvents
{
    public const string ClientUpdated = "ClientUpdated";
    public const string ClientDisabled = "ClientDisabled";
    public const string ClientEnabled = "ClientEnabled";
    public const string ClientDeleted = "ClientDeleted";
}
