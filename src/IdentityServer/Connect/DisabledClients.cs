using System.Text.Json;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// An app an operator disabled (the <see cref="Property"/> in its OpenIddict properties) gets <c>invalid_client</c> at
/// the authorization endpoint (our error page: the refusal is decided before the redirect URI is vouched for, so it is
/// never sent back to the app), at the token endpoint (every grant, refresh included) and at introspection and
/// revocation; the admin API refuses the access tokens it was issued before. Its refresh tokens and authorizations are
/// kept, so enabling it again lets its users carry on. The check reads the client the request has already loaded
/// (cached for <see cref="ServerOptions.ClientCacheDuration"/>), so it costs no database read; a change made through
/// this node clears the cache entry at once, other nodes see it within that duration.
/// </summary>
public static class DisabledClients
{
    public const string Property = "harmony_disabled";

    /// <summary>Without parsing the properties when they do not mention the flag (the usual case, on every token request).</summary>
    public static bool IsDisabled(object? application)
    {
        if (application is not OpenIddictEntityFrameworkCoreApplication { Properties: { } raw } || !raw.Contains(Property, StringComparison.Ordinal)) return false;
        using var document = JsonDocument.Parse(raw);
        return document.RootElement.TryGetProperty(Property, out var value) && value.ValueKind == JsonValueKind.True;
    }

    /// <summary>Sets or clears the flag on a descriptor read from the application, leaving its other properties.</summary>
    public static void Set(OpenIddictApplicationDescriptor descriptor, bool disabled)
    {
        if (disabled) descriptor.Properties[Property] = JsonSerializer.SerializeToElement(true);
        else descriptor.Properties.Remove(Property);
    }

    /// <summary>When the server authenticates the client of a request, after its secret has been checked.</summary>
    public sealed class RejectAtServer(IOpenIddictApplicationManager applications)
        : IOpenIddictServerHandler<OpenIddictServerEvents.ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ProcessAuthenticationContext>()
                .UseScopedHandler<RejectAtServer>()
                .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.ProcessAuthenticationContext context)
        {
            if (context.ClientId is not { Length: > 0 } clientId) return;
            if (context.EndpointType is not (OpenIddictServerEndpointType.Authorization or OpenIddictServerEndpointType.Token
                or OpenIddictServerEndpointType.Introspection or OpenIddictServerEndpointType.Revocation
                or OpenIddictServerEndpointType.PushedAuthorization)) return;

            // The same manager (one per request) found it a moment ago: this is its last-found copy, not a query.
            if (IsDisabled(await applications.FindByClientIdAsync(clientId, context.CancellationToken)))
            {
                context.Reject(Errors.InvalidClient, "This client application is disabled.");
            }
        }
    }

    /// <summary>When the admin API reads its bearer token: a token of a disabled or deleted app is refused.</summary>
    public sealed class RejectAtApi(IOpenIddictApplicationManager applications)
        : IOpenIddictValidationHandler<OpenIddictValidationEvents.ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ValidateTokenContext>()
                .UseScopedHandler<RejectAtApi>()
                .SetOrder(MachineAccessTokens.RejectRevokedAtApi.Descriptor.Order + 1)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictValidationEvents.ValidateTokenContext context)
        {
            if (context.Principal?.GetClaim(Claims.ClientId) is not { Length: > 0 } clientId) return;
            var application = await applications.FindByClientIdAsync(clientId, context.CancellationToken);
            if (application is null || IsDisabled(application)) context.Reject(Errors.InvalidToken, "The token's client application is disabled or deleted.");
        }
    }
}
