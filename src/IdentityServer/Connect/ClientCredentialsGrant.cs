using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// The token endpoint's last step, in place of OpenIddict's pass-through: a client_credentials request (a back end
/// calling the admin API; OpenIddict has already checked the client, its secret and its scopes) is answered here, as
/// the client itself with the roles configured for it; every other grant passes through to
/// <see cref="AuthorizationController.Exchange"/>, which needs the account. Answering here keeps the machine grant,
/// the one called at volume, out of MVC (controller, filters, the account services it would build for nothing).
/// </summary>
public sealed class ClientCredentialsGrant(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    /// <summary>OpenIddict's own pass-through of the token endpoint, which this handler replaces.</summary>
    public static OpenIddictServerHandlerDescriptor Replaced { get; } =
        OpenIddictServerAspNetCoreHandlers.EnablePassthroughMode<HandleTokenRequestContext,
            OpenIddictServerAspNetCoreHandlerFilters.RequireTokenEndpointPassthroughEnabled>.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<ClientCredentialsGrant>()
            .SetOrder(Replaced.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            context.SkipRequest();
            return;
        }

        var application = await applications.FindByClientIdAsync(context.Request.ClientId!)
            ?? throw new InvalidOperationException("The client application cannot be found.");

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, context.Request.ClientId)
            .SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application));
        var properties = await applications.GetPropertiesAsync(application);
        if (properties.TryGetValue(ClientProperties.Roles, out var roles) && roles.ValueKind == JsonValueKind.Array)
        {
            identity.SetClaims(Claims.Role, [.. roles.EnumerateArray().Select(r => r.GetString()!)]);
        }
        identity.SetScopes(context.Request.GetScopes());
        identity.SetDestinations(HarmonyPrincipals.Destinations);
        context.SignIn(new ClaimsPrincipal(identity));
    }
}
