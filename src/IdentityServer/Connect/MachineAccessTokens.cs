using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// Access tokens of the client_credentials grant (a back end calling the admin API) are self-contained JWTs with no
/// token row. A row per token made the token endpoint one database write per request, which under SQLite's single
/// writer capped it near 150 requests a second; nothing needs the row: such a token has no refresh token, no
/// authorization and no account to be revoked with. What a row gave, revocation, is kept by a deny list of the
/// tokens' <c>jti</c> (<see cref="RevokedAccessToken"/>), written only when a client revokes one and read by
/// introspection and by the admin API, until the token would have expired anyway. Access tokens of people (the code
/// flow) keep their rows, so suspending an account or resetting its password still revokes them.
/// </summary>
public static class MachineAccessTokens
{
    /// <summary>
    /// At the revocation endpoint, in place of OpenIddict's handler (which only knows tokens with a row): a token with a
    /// row is revoked as before; a machine access token goes on the deny list until it expires.
    /// </summary>
    public sealed class RevokeToken(IOpenIddictTokenManager tokens, RevokedAccessTokens revoked)
        : IOpenIddictServerHandler<OpenIddictServerEvents.HandleRevocationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleRevocationRequestContext>()
                .UseScopedHandler<RevokeToken>()
                .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.HandleRevocationRequestContext context)
        {
            var principal = context.GenericTokenPrincipal!;
            if (principal.GetTokenId() is { Length: > 0 } id)
            {
                // A token with a row: unknown or already revoked both mean "nothing left to revoke" (RFC 7009: 200).
                if (await tokens.FindByIdAsync(id) is { } token) await tokens.TryRevokeAsync(token);
                return;
            }

            if (principal.HasTokenType(TokenTypeIdentifiers.AccessToken) && principal.GetClaim(Claims.JwtId) is { Length: > 0 } jti &&
                principal.GetExpirationDate() is { } expires)
            {
                await revoked.AddAsync(jti, principal.GetClaim(Claims.ClientId), expires);
                return;
            }

            context.Reject(Errors.UnsupportedTokenType, "This token cannot be revoked.");
        }
    }

    /// <summary>
    /// Introspection and revocation of an access token by a client it was not issued to (its <c>client_id</c>) nor meant
    /// for (its audiences) are refused, as RFC 7009 and 7662 ask: OpenIddict's own check of the caller compares it with
    /// the token's presenters, which a JWT access token does not carry, so any confidential client could read another's
    /// token or revoke it. Refused introspection answers <c>active: false</c>; refused revocation changes nothing.
    /// </summary>
    public sealed class OnlyItsClient :
        IOpenIddictServerHandler<OpenIddictServerEvents.ValidateIntrospectionRequestContext>,
        IOpenIddictServerHandler<OpenIddictServerEvents.ValidateRevocationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor AtIntrospection { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateIntrospectionRequestContext>()
                .UseSingletonHandler<OnlyItsClient>()
                .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public static OpenIddictServerHandlerDescriptor AtRevocation { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateRevocationRequestContext>()
                .UseSingletonHandler<OnlyItsClient>()
                .SetOrder(OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(OpenIddictServerEvents.ValidateIntrospectionRequestContext context)
        {
            if (!IsTheCallers(context.GenericTokenPrincipal, context.ClientId)) context.Reject(Errors.InvalidToken, "The token was not issued to this client.");
            return default;
        }

        public ValueTask HandleAsync(OpenIddictServerEvents.ValidateRevocationRequestContext context)
        {
            if (!IsTheCallers(context.GenericTokenPrincipal, context.ClientId)) context.Reject(Errors.InvalidToken, "The token was not issued to this client.");
            return default;
        }

        private static bool IsTheCallers(ClaimsPrincipal? token, string? caller) =>
            token is null || !token.HasTokenType(TokenTypeIdentifiers.AccessToken) ||
            (caller is { Length: > 0 } && (string.Equals(token.GetClaim(Claims.ClientId), caller, StringComparison.Ordinal) || token.HasAudience(caller)));
    }

    /// <summary>When the server reads a token (introspection, revocation): a denied machine access token is invalid.</summary>
    public sealed class RejectRevokedAtServer(RevokedAccessTokens revoked) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateTokenContext>()
                .UseSingletonHandler<RejectRevokedAtServer>()
                .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenContext context)
        {
            if (await revoked.IsRevokedAsync(context.Principal)) context.Reject(Errors.InvalidToken, "The token was revoked.");
        }
    }

    /// <summary>When the admin API reads its bearer token: a denied machine access token is refused.</summary>
    public sealed class RejectRevokedAtApi(RevokedAccessTokens revoked) : IOpenIddictValidationHandler<OpenIddictValidationEvents.ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ValidateTokenContext>()
                .UseSingletonHandler<RejectRevokedAtApi>()
                .SetOrder(OpenIddictValidationHandlers.Protection.ValidateExpirationDate.Descriptor.Order + 1)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictValidationEvents.ValidateTokenContext context)
        {
            if (await revoked.IsRevokedAsync(context.Principal)) context.Reject(Errors.InvalidToken, "The token was revoked.");
        }
    }
}

/// <summary>The deny list of revoked machine access tokens; its rows go once the token would have expired (token pruning).</summary>
public sealed class RevokedAccessTokens(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task AddAsync(string jti, string? clientId, DateTimeOffset expires)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
        if (await db.RevokedAccessTokens.AnyAsync(r => r.JwtId == jti)) return;
        db.RevokedAccessTokens.Add(new RevokedAccessToken { JwtId = jti, ClientId = clientId, ExpiresAt = expires, RevokedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Revoked twice at once: once is enough.
        }
    }

    /// <summary>True only for a machine access token (no row, a <c>jti</c>) on the list; other tokens are not its business.</summary>
    public async Task<bool> IsRevokedAsync(ClaimsPrincipal? principal)
    {
        if (principal is null || !string.IsNullOrEmpty(principal.GetTokenId())) return false;
        if (!principal.HasTokenType(TokenTypeIdentifiers.AccessToken) || principal.GetClaim(Claims.JwtId) is not { Length: > 0 } jti) return false;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
        return await db.RevokedAccessTokens.AnyAsync(r => r.JwtId == jti);
    }
}
