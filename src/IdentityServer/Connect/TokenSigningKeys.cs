using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// Which key signs which token. ID tokens stay RS256, what OpenID Connect clients expect by default; every other token
/// (access tokens, which APIs verify from the JWKS, and the server's own codes and refresh tokens) is signed ES256 when
/// an ECDSA key is configured, because an RSA-2048 signature costs about a millisecond of CPU per token issued. Without
/// an ECDSA key everything is RS256, as OpenIddict does by default. Runs right after OpenIddict's own choice.
/// </summary>
public sealed class TokenSigningKeys : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<TokenSigningKeys>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        var wanted = context.TokenType == TokenTypeIdentifiers.IdentityToken
            ? context.Options.SigningCredentials.FirstOrDefault(c => IsRsa(c.Key))
            : context.Options.SigningCredentials.FirstOrDefault(c => IsEcdsa(c.Key));
        if (wanted is not null) context.SigningCredentials = wanted;
        return default;
    }

    private static bool IsRsa(SecurityKey key) => key is RsaSecurityKey || key is X509SecurityKey { PublicKey: System.Security.Cryptography.RSA };

    private static bool IsEcdsa(SecurityKey key) => key is ECDsaSecurityKey || key is X509SecurityKey { PublicKey: System.Security.Cryptography.ECDsa };
}
