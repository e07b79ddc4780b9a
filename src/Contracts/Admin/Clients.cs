namespace Harmony.Identity.Contracts.Admin;

public sealed record ClientDto(
    string ClientId,
    string DisplayName,
    bool IsPublic,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> GrantTypes);

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

/// <summary>The only time a client secret is ever shown.</summary>
public sealed record ClientSecretIssued(string ClientId, string ClientSecret);
