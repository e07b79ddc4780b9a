using System.Security.Cryptography;
using FluentValidation.Results;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Connect;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Relying-party apps (PRODUCT §9, operators only): list, register (through <see cref="ClientDescriptors"/>, the mapping
/// that start-up seeding uses too), edit redirect URIs, rotate the secret; read, edit, disable, enable and delete one
/// (<see cref="ClientLifecycleEndpoints"/>, decision 0023). A secret is shown once, in the answer that creates it;
/// OpenIddict keeps only its hash. Apps declared in configuration are synchronized from it at start-up, so they are
/// changed there, not here.
/// </summary>
public static class ClientEndpoints
{
    public static RouteGroupBuilder MapClientEndpoints(this RouteGroupBuilder api)
    {
        var clients = api.AdminGroup("/clients", "Clients");

        clients.MapGet("/", ListAsync)
            .WithName("ListClients")
            .WithSummary("Lists the relying-party apps (operators only)")
            .OperatorOnly();

        clients.MapPost("/", RegisterAsync)
            .WithName("RegisterClient")
            .WithSummary("Registers an app; a confidential one gets a generated secret, shown once as ClientSecretIssued (operators only)")
            .OperatorOnly()
            .Validated<RegisterClientRequest>()
            .Produces<ClientSecretIssued>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        clients.MapPut("/{clientId}/redirects", UpdateRedirectsAsync)
            .WithName("UpdateClientRedirects")
            .WithSummary("Replaces an app's redirect URIs and post-logout redirect URIs (operators only)")
            .OperatorOnly()
            .Validated<UpdateClientRedirectsRequest>()
            .Produces<ClientDto>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        clients.MapPost("/{clientId}/rotate-secret", RotateSecretAsync)
            .WithName("RotateClientSecret")
            .WithSummary("Replaces a confidential app's secret with a new one, shown once; the old one stops working (operators only)")
            .OperatorOnly()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        clients.MapClientLifecycleEndpoints();
        return api;
    }

    private static async Task<Ok<List<ClientDto>>> ListAsync(
        IOpenIddictApplicationManager applications, ClientFacts.Source facts, CancellationToken cancellationToken)
    {
        var known = await facts.ReadAsync(cancellationToken);
        var clients = new List<ClientDto>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            clients.Add(await ToDtoAsync(applications, application, known, cancellationToken));
        }
        return TypedResults.Ok(clients.OrderBy(c => c.ClientId, StringComparer.Ordinal).ToList());
    }

    /// <summary>201 with <see cref="ClientSecretIssued"/> for a confidential app, with <see cref="ClientDto"/> for a public one.</summary>
    private static async Task<IResult> RegisterAsync(
        RegisterClientRequest request,
        HttpContext context,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        HarmonyDbContext db,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var clientId = request.ClientId!.Trim();
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null) return Conflict(AdminApiTexts.ClientIdTaken);

        var secret = request.IsPublic ? null : NewSecret();
        var definition = new ClientDefinition
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim(),
            RedirectUris = [.. (request.RedirectUris ?? []).Distinct(StringComparer.Ordinal)],
            PostLogoutRedirectUris = [.. (request.PostLogoutRedirectUris ?? []).Distinct(StringComparer.Ordinal)],
            Scopes = [.. (request.Scopes ?? []).Distinct(StringComparer.Ordinal)],
            GrantTypes = [.. (request.GrantTypes ?? []).Distinct(StringComparer.Ordinal)],
        };

        // Added first, so that OpenIddict's store saves it with the app (it shares this context): both or neither.
        var registered = audit.Add(AdminAuditEvents.ClientRegistered, reason: AuditReasons.ByAdmin, clientId: clientId, actor: caller.Actor,
            details: $"{(request.IsPublic ? "public" : "confidential")}; grants {string.Join(" ", definition.GrantTypes)}; scopes {string.Join(" ", definition.Scopes)}");
        object application;
        try
        {
            application = await applications.CreateAsync(ClientDescriptors.ToDescriptor(definition), cancellationToken);
        }
        catch (OpenIddictExceptions.ValidationException)
        {
            db.Entry(registered).State = EntityState.Detached;
            // Registered by another operator between the check and the save (OpenIddict checks client IDs are unique).
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is null) throw;
            return Conflict(AdminApiTexts.ClientIdTaken);
        }

        var location = $"{AdminApiRoutes.Base}/clients/{Uri.EscapeDataString(clientId)}";
        return secret is null
            ? TypedResults.Created(location, await ToDtoAsync(applications, application, await facts.ReadAsync(cancellationToken), cancellationToken))
            : TypedResults.Created(location, new ClientSecretIssued(clientId, secret));
    }

    private static Task<IResult> UpdateRedirectsAsync(
        string clientId,
        UpdateClientRedirectsRequest request,
        HttpContext context,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        AuditLog audit,
        CancellationToken cancellationToken) =>
        ReplaceAsync(clientId, displayName: null, request.RedirectUris, request.PostLogoutRedirectUris,
            AdminApiExtensions.Caller(context), applications, facts, audit, cancellationToken);

    /// <summary>
    /// Replaces an app's redirect URIs, post-logout redirect URIs and, unless <paramref name="displayName"/> is null, its
    /// display name (empty: none, the client ID is shown). Everything else (the secret's hash included) is read back
    /// from the application and written unchanged.
    /// </summary>
    internal static async Task<IResult> ReplaceAsync(
        string clientId,
        string? displayName,
        IReadOnlyList<string>? redirectUris,
        IReadOnlyList<string>? postLogoutRedirectUris,
        AdminCaller caller,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null) return NotFound(AdminApiTexts.ClientNotFound);
        if (facts.IsConfigured(clientId)) return Conflict(AdminApiTexts.ClientFromConfiguration);

        var redirects = (redirectUris ?? []).Distinct(StringComparer.Ordinal).ToList();
        var postLogout = (postLogoutRedirectUris ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (redirects.Count == 0 && await applications.HasPermissionAsync(application, Permissions.GrantTypes.AuthorizationCode, cancellationToken))
        {
            return AdminApiExtensions.ValidationProblem(new ValidationResult([
                new ValidationFailure(nameof(UpdateClientRedirectsRequest.RedirectUris), AdminValidationTexts.Message(AdminValidationCodes.RedirectUriRequired))
                {
                    ErrorCode = AdminValidationCodes.RedirectUriRequired,
                },
            ]));
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        var renamed = displayName is not null && displayName.Trim() != (descriptor.DisplayName ?? "");
        if (displayName is not null) descriptor.DisplayName = displayName.Trim() is { Length: > 0 } name ? name : null;
        descriptor.RedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.Clear();
        foreach (var uri in redirects) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        foreach (var uri in postLogout) descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));

        // Added before the update, which OpenIddict's store saves together with it (it shares this context).
        var details = $"redirects {string.Join(" ", redirects)}; post-logout {string.Join(" ", postLogout)}";
        if (displayName is null) audit.Add(AdminAuditEvents.ClientRedirectsUpdated, reason: AuditReasons.ByAdmin, clientId: clientId, actor: caller.Actor, details: details);
        else audit.Add(ClientAuditEvents.ClientUpdated, reason: AuditReasons.ByAdmin, clientId: clientId, actor: caller.Actor,
            details: (renamed ? $"display name {descriptor.DisplayName ?? "(none)"}; " : "") + details);
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        return TypedResults.Ok(await ToDtoAsync(applications, application, await facts.ReadAsync(cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<ClientSecretIssued>, ProblemHttpResult>> RotateSecretAsync(
        string clientId,
        HttpContext context,
        IOpenIddictApplicationManager applications,
        ClientFacts.Source facts,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null) return NotFound(AdminApiTexts.ClientNotFound);
        if (facts.IsConfigured(clientId)) return Conflict(AdminApiTexts.ClientFromConfiguration);
        if (await applications.HasClientTypeAsync(application, ClientTypes.Public, cancellationToken)) return Conflict(AdminApiTexts.PublicClientHasNoSecret);

        var secret = NewSecret();
        audit.Add(AdminAuditEvents.ClientSecretRotated, reason: AuditReasons.ByAdmin, clientId: clientId, actor: caller.Actor);
        // OpenIddict hashes the new secret and saves it with the audit row; from now on only it authenticates the client.
        await applications.UpdateAsync(application, secret, cancellationToken);
        return TypedResults.Ok(new ClientSecretIssued(clientId, secret));
    }

    internal static async Task<ClientDto> ToDtoAsync(
        IOpenIddictApplicationManager applications, object application, ClientFacts facts, CancellationToken cancellationToken)
    {
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        var grants = permissions
            .Where(p => p.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.GrantType.Length..]);
        // ClientDescriptors leaves openid out of the permissions (OpenIddict never checks it); a code-flow app has it.
        var scopes = permissions
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]);
        if (permissions.Contains(Permissions.Endpoints.Authorization)) scopes = scopes.Prepend(Scopes.OpenId);

        var clientId = await applications.GetClientIdAsync(application, cancellationToken) ?? "";
        return new ClientDto(
            clientId,
            await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId,
            await applications.HasClientTypeAsync(application, ClientTypes.Public, cancellationToken),
            [.. await applications.GetRedirectUrisAsync(application, cancellationToken)],
            [.. await applications.GetPostLogoutRedirectUrisAsync(application, cancellationToken)],
            [.. scopes.Distinct(StringComparer.Ordinal)],
            [.. grants],
            DisabledClients.IsDisabled(application),
            facts.IsConfigured(clientId),
            facts.LastUsed.TryGetValue(clientId, out var lastUsed) ? lastUsed : null);
    }

    /// <summary>256 random bits, URL-safe, so it survives form posts and Basic authentication unescaped.</summary>
    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
