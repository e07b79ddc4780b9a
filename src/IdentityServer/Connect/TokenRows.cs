using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// Which tokens get a row in the token table. OpenIddict writes one for every token it issues; Harmony keeps rows only
/// where something reads them later: authorization codes and refresh tokens (redeemed once, found by their row) and the
/// access tokens of people (revoked with their authorization when an account is suspended, its password reset or all its
/// sessions ended). Two kinds go without:
/// <list type="bullet">
/// <item>Access tokens of the client_credentials grant: revocation is kept by a deny list (<see cref="MachineAccessTokens"/>).</item>
/// <item>ID tokens: a statement to the app about a sign-in, never redeemed, introspected or revoked. The one place one
/// comes back, the end-session endpoint's <c>id_token_hint</c>, needs its signature, issuer and audience, and Harmony
/// then also requires it to name the account of the browser's current session.</item>
/// </list>
/// Each row skipped is one database write less per token request (decision 0017; for ID tokens, decision 0032).
/// </summary>
public sealed class TokenRows : IOpenIddictServerHandler<OpenIddictServerEvents.GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.GenerateTokenContext>()
            .UseSingletonHandler<TokenRows>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        var machineAccessToken = context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request?.IsClientCredentialsGrantType() == true;
        if (machineAccessToken || context.TokenType == TokenTypeIdentifiers.IdentityToken) context.CreateTokenEntry = false;
        return default;
    }
}
