using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Connect;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// One app's life after registration (issue 12 item 8, decision 0023, operators only): read it, edit its display name
/// and redirect URIs, disable and enable it (<see cref="DisabledClients"/>), delete it with its tokens and
/// authorizations. Apps declared in configuration are refused (409: changed there), and so is the app the caller is
/// signed in through (409: disabling or deleting the admin site's own client would lock every admin out).
/// </summary>
public static class ClientLifecycleEndpoints
{
    public static RouteGroupBuilder MapClientLifecycleEndpoints(this RouteGroupBuilder clients)
    {
        clients.MapGet("/{clientId}", GetAsync)
            .WithName("GetClient")
            .WithSummary("Reads one app, with its status and when it last obtained a token (operators only)")
            .OperatorOnly()
            .ProducesProblem(StatusCodes.Status404NotFound);

        clients.MapPut("/{clientId}", UpdateAsync)
            .WithName("UpdateClient")
            .WithSummary("Replaces an app's display name, redirect URIs and post-logout redirect URIs (operators only)")
            .OperatorOnly()
            .Validated<UpdateClientRequest>()
            .Produces<ClientDto>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        clients.MapStatusChange("/{clientId}/disable", disabled: true)
            .WithName("DisableClient")
            .WithSummary("Disables an app: sign-ins and tokens are refused, its tokens stop working at the admin API; nothing is deleted (operators only)");

        clients.MapStatusChange("/{clientId}/enable", disabled: false)
            .WithName("EnableClient")
            .WithSummary("Enables a disabled app again (operators only)");

        clients.MapDelete("/{clientId}", DeleteAsync)
            .WithName("DeleteClient")
            .WithSummary("Deletes an app with its tokens and authorizations (operators only)")
            .OperatorOnly()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return clients;
    }

    private static RouteHandlerBuilder MapStatusChange(this RouteGroupBuilder clients, string pattern, bool disabled) => clients
        .MapPost(pattern, (string clientId, HttpContext context, IOpenIddictApplicationManager applications, ClientFacts.Source facts,
            AuditLog audit, CancellationToken cancellationToken) =>
            SetDisabledAsync(clientId, disabled, context, applications, facts, audit, cancellationToken))
        .OperatorOnly()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<ClientDto>, ProblemHttpResult>> GetAsync(
        string clientId, IOpenIddictApplicationManager applications, ClientFacts.Source facts, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null) return NotFound(AdminApiTexts.ClientNotFound);
        return TypedResults.Ok(await ClientEndpoints.ToDtoAsync(applications, application, await facts.ReadAsync(cancellationToken), cancellationToken));
    }

    private static Task<IResult> UpdateAsync(
        string clientId,
        UpdateClientRequest request,
        HttpContext context,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        AuditLog audit,
        CancellationToken cancellationToken) =>
        ClientEndpoints.ReplaceAsync(clientId, request.DisplayName ?? "", request.RedirectUris, request.PostLogoutRedirectUris,
            AdminApiExtensions.Caller(context), applications, facts, audit, cancellationToken);

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> SetDisabledAsync(
        string clientId,
        bool disabled,
        HttpContext context,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null) return NotFound(AdminApiTexts.ClientNotFound);
        if (Refusal(clientId, context, facts) is { } refused) return refused;
        if (DisabledClients.IsDisabled(application) == disabled)
        {
            return ClientTexts.Outcome(false, disabled ? ClientTexts.ClientAlreadyDisabled : ClientTexts.ClientAlreadyEnabled);
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        DisabledClients.Set(descriptor, disabled);
        // Added first, so that OpenIddict's store saves it with the change (it shares this context): both or neither.
        audit.Add(disabled ? ClientAuditEvents.ClientDisabled : ClientAuditEvents.ClientEnabled, reason: AuditReasons.ByAdmin,
            clientId: clientId, actor: AdminApiExtensions.Caller(context).Actor);
        // The update clears this node's cached copy at once; other nodes refuse the app once theirs is older than
        // Harmony:Server:ClientCacheDuration (10 seconds by default).
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        return ClientTexts.Outcome(true, disabled ? ClientTexts.ClientDisabled : ClientTexts.ClientEnabled);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string clientId,
        HttpContext context,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null) return NotFound(AdminApiTexts.ClientNotFound);
        if (Refusal(clientId, context, facts) is { } refused) return refused;

        var displayName = await applications.GetDisplayNameAsync(application, cancellationToken);
        audit.Add(ClientAuditEvents.ClientDeleted, reason: AuditReasons.ByAdmin, clientId: clientId,
            actor: AdminApiExtensions.Caller(context).Actor, details: displayName is null ? null : $"display name {displayName}");
        // OpenIddict's store deletes the app's authorizations and tokens with it, and the audit row added above, in one
        // transaction.
        await applications.DeleteAsync(application, cancellationToken);
        await facts.ForgetAsync(clientId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Why this app may not be disabled or deleted, or null when it may.</summary>
    private static ProblemHttpResult? Refusal(string clientId, HttpContext context, ClientFacts.Source facts)
    {
        // The caller's own app first: it is the more useful answer when it is also configured (the admin site's usually is).
        if (string.Equals(context.User.GetClaim(Claims.ClientId), clientId, StringComparison.Ordinal)) return ClientTexts.Conflict(ClientTexts.ClientInUse);
        if (facts.IsConfigured(clientId)) return Conflict(AdminApiTexts.ClientFromConfiguration);
        return null;
    }
}

/// <summary>What the app list adds to OpenIddict's applications: which are configured, and when each was last used.</summary>
public sealed record ClientFacts(IReadOnlySet<string> Configured, IReadOnlyDictionary<string, DateTimeOffset> LastUsed)
{
    public bool IsConfigured(string clientId) => Configured.Contains(clientId);

    /// <summary>Reads the facts for one request.</summary>
    public sealed class Source(IOptions<ClientsOptions> configured, ClientUsageRecorder usage, HarmonyDbContext db)
    {
        private readonly HashSet<string> configuredIds = configured.Value.Clients.Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);

        public bool IsConfigured(string clientId) => configuredIds.Contains(clientId);

        public async Task<ClientFacts> ReadAsync(CancellationToken cancellationToken) =>
            new(configuredIds, await usage.ReadAsync(db, cancellationToken));

        public Task ForgetAsync(string clientId, CancellationToken cancellationToken) => usage.ForgetAsync(db, clientId, cancellationToken);
    }
}
