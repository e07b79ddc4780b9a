namespace Harmony.Identity.Contracts.Admin;

/// <param name="IsDisabled">A disabled app is refused at the authorization and token endpoints until it is enabled again.</param>
/// <param name="IsConfigured">Declared in the server's configuration: changed there, not through the API.</param>
/// <param name="LastUsedAt">When the app last obtained a token (to the minute); null if never since this was recorded.</param>
public sealed record ClientDto(
    string ClientId,
    string DisplayName,
    bool IsPublic,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> GrantTypes,
    bool IsDisabled = false,
    bool IsConfigured = false,
    DateTimeOffset? LastUsedAt = null);

/// <summary>Operators only. Confidential clients get a generated secret, shown once in the answer.</summary>
public sealed record RegisterClientRequest(
    string? ClientId,
    string? DisplayName,
    bool IsPublic,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris,
    IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? GrantTypes);

public sealed record UpdateClientRedirectsRequest(IReadOnlyList<string>? RedirectUris, IReadOnlyList<string>? PostLogoutRedirectUris);

/// <summary>Operators only. Replaces an app's display name (empty: the client ID is shown) and its redirect URIs.</summary>
public sealed record UpdateClientRequest(
    string? DisplayName,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris);

/// <summary>The only time a client secret is ever shown.</summary>
public sealed record ClientSecretIssued(string ClientId, string ClientSecret);
