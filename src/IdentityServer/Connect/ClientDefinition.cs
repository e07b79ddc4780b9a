using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>A relying-party client declared in configuration (<c>Harmony:Clients:N:…</c>).</summary>
public sealed class ClientDefinition
{
    public string ClientId { get; set; } = "";

    /// <summary>Absent for a public client (a browser or mobile app), which must then use PKCE.</summary>
    public string? ClientSecret { get; set; }

    public string? DisplayName { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Scopes the client may ask for, e.g. <c>openid profile email offline_access</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary><c>authorization_code</c>, <c>refresh_token</c>, <c>client_credentials</c>.</summary>
    public List<string> GrantTypes { get; set; } = [];

    /// <summary>Roles a client_credentials caller acts with (e.g. <c>operator</c> for admin automation).</summary>
    public List<string> Roles { get; set; } = [];

    public bool IsPublic => string.IsNullOrEmpty(ClientSecret);
}

/// <summary>The <c>Harmony</c> section's client list.</summary>
public sealed class ClientsOptions
{
    public const string Section = "Harmony";

    public List<ClientDefinition> Clients { get; set; } = [];
}

/// <summary>Rejects, at start-up, client definitions OpenIddict would refuse or misread.</summary>
public sealed class ClientsOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ClientsOptions>
{
    private static readonly string[] KnownGrantTypes =
        [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials];

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ClientsOptions options)
    {
        var errors = new List<string>();
        foreach (var (client, index) in options.Clients.Select((c, i) => (c, i)))
        {
            var at = $"Harmony:Clients:{index}";
            if (string.IsNullOrWhiteSpace(client.ClientId)) errors.Add($"{at}:ClientId is required.");
            foreach (var grant in client.GrantTypes.Where(g => !KnownGrantTypes.Contains(g)))
                errors.Add($"{at}: unknown grant type '{grant}'.");
            if (client.IsPublic && client.GrantTypes.Contains(GrantTypes.ClientCredentials))
                errors.Add($"{at}: a public client (no ClientSecret) cannot use client_credentials.");
            foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris)
                         .Where(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
                errors.Add($"{at}: '{uri}' is not an absolute URI.");
            if (client.GrantTypes.Contains(GrantTypes.AuthorizationCode) && client.RedirectUris.Count == 0)
                errors.Add($"{at}: an authorization_code client needs at least one redirect URI.");
        }
        foreach (var duplicate in options.Clients.GroupBy(c => c.ClientId).Where(g => g.Count() > 1))
            errors.Add($"Harmony:Clients: client '{duplicate.Key}' is declared more than once.");

        return errors.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
