using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>The one mapping from a client definition to OpenIddict's descriptor (seeding, admin API).</summary>
public static class ClientDescriptors
{
    public static OpenIddictApplicationDescriptor ToDescriptor(ClientDefinition client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.IsPublic ? null : client.ClientSecret,
            ClientType = client.IsPublic ? ClientTypes.Public : ClientTypes.Confidential,
            DisplayName = client.DisplayName ?? client.ClientId,
            // First-party apps only: no consent screen.
            ConsentType = ConsentTypes.Implicit,
        };

        foreach (var uri in client.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        foreach (var uri in client.PostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));

        var grants = client.GrantTypes.ToHashSet(StringComparer.Ordinal);
        if (grants.Contains(GrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        if (grants.Contains(GrantTypes.AuthorizationCode) || grants.Contains(GrantTypes.RefreshToken) ||
            grants.Contains(GrantTypes.ClientCredentials))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Token);
            descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        }
        if (grants.Contains(GrantTypes.RefreshToken)) descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
        if (grants.Contains(GrantTypes.ClientCredentials)) descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        if (!client.IsPublic) descriptor.Permissions.Add(Permissions.Endpoints.Introspection);

        foreach (var scope in client.Scopes.Where(s => s != Scopes.OpenId))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        if (client.Roles.Count > 0)
        {
            descriptor.Properties[ClientProperties.Roles] =
                System.Text.Json.JsonSerializer.SerializeToElement(client.Roles);
        }
        return descriptor;
    }
}

/// <summary>Custom properties Harmony stores on OpenIddict applications.</summary>
public static class ClientProperties
{
    public const string Roles = "harmony_roles";
}
