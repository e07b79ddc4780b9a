using OpenIddict.Abstractions;
using Quartz;

namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>What one run of <see cref="TokenPruningJob"/> removed.</summary>
public readonly record struct TokenPruningResult(long Tokens, long Authorizations, long RevokedAccessTokens = 0, long Sessions = 0);

/// <summary>
/// Deletes tokens and authorizations that can no longer be used (revoked, redeemed, expired, or left without a
/// valid authorization) once they are older than <see cref="JobsOptions.TokenRetention"/>. Tokens go first, so that
/// ad-hoc authorizations they leave empty go in the same run.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class TokenPruningJob(
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    HarmonyDbContext db,
    MyAccount.AccountSessions sessions,
    AuditLog audit,
    TimeProvider time,
    IOptions<JobsOptions> options,
    IOptions<Connect.ServerOptions> server,
    ILogger<TokenPruningJob> logger) : IHarmonyJob<TokenPruningResult>
{
    public const string Actor = "job:token-pruning";

    public static string Name => "token-pruning";

    public async Task<TokenPruningResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var threshold = now - options.Value.TokenRetention;
        var result = new TokenPruningResult(
            Tokens: await tokens.PruneAsync(threshold, cancellationToken),
            Authorizations: await authorizations.PruneAsync(threshold, cancellationToken),
            // A revoked machine token's entry is needed only until the token expires; after that it is refused anyway.
            RevokedAccessTokens: await db.RevokedAccessTokens.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken),
            // Session records (decision 0031) of sessions that ended, revoked or idle, before the same threshold, or longer
            // ago if refresh tokens live longer: a refresh token must find the record of the session it was obtained in
            // (decision 0035).
            Sessions: await sessions.PruneAsync(Earlier(threshold, now - server.Value.RefreshTokenLifetime), cancellationToken));

        if (result.Tokens > 0 || result.Authorizations > 0 || result.RevokedAccessTokens > 0 || result.Sessions > 0)
        {
            LogPruned(logger, result.Tokens, result.Authorizations, result.RevokedAccessTokens, result.Sessions, threshold);
            audit.Add(AuditEvents.TokensPruned, reason: AuditReasons.ByJob, actor: Actor,
                details: $"tokens={result.Tokens}; authorizations={result.Authorizations}; created before {threshold:O}; " +
                         $"revoked access tokens expired={result.RevokedAccessTokens}; sessions={result.Sessions}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} token(s) and {Authorizations} authorization(s) created before {Threshold}, {RevokedAccessTokens} expired deny-list entries and {Sessions} ended session record(s)")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations, long revokedAccessTokens, long sessions, DateTimeOffset threshold);
}
