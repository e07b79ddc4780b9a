namespace Harmony.Identity.Server.Features.Accounts;

public enum AccountAccess
{
    Allowed,
    Suspended,
    /// <summary>Locked after too many failed attempts (FAQ Q3): no new session, no token, no refresh until released.</summary>
    Locked,
    TemporaryExpired,
    MustConvert,
    CompanyInactive,
    ClientNotAllowed,
}

/// <summary>
/// The one place that decides whether an account may be signed in to an app right now: at the login page,
/// at the authorization endpoint, and on every refresh and userinfo call.
/// </summary>
public sealed class AccountGate(HarmonyDbContext db, TimeProvider time)
{
    /// <param name="clientId">The app asking, when known; null skips the per-app check.</param>
    public Task<AccountAccess> CheckAsync(HarmonyUser user, string? clientId, CancellationToken cancellationToken = default) =>
        CheckAsync(user, clientId, company: null, cancellationToken);

    /// <param name="company">The company's standing when the caller read it already in this request (the sign-in does, with the policy).</param>
    public async Task<AccountAccess> CheckAsync(HarmonyUser user, string? clientId, CompanyStanding? company,
        CancellationToken cancellationToken = default)
    {
        if (user.IsSuspended) return AccountAccess.Suspended;
        if (user.LockoutEnd is { } lockedUntil && lockedUntil > time.GetUtcNow()) return AccountAccess.Locked;

        company ??= await db.StandingOfAsync(user.CompanyId, cancellationToken);
        if (!company.IsActive) return AccountAccess.CompanyInactive;
        if (clientId is not null && company.RestrictClients &&
            !await db.Set<CompanyClient>().AnyAsync(c => c.CompanyId == user.CompanyId && c.ClientId == clientId, cancellationToken))
        {
            return AccountAccess.ClientNotAllowed;
        }

        if (user.CredentialKind == CredentialKind.Temporary)
        {
            return IsTemporaryExpired(user) ? AccountAccess.TemporaryExpired : AccountAccess.MustConvert;
        }
        return AccountAccess.Allowed;
    }

    /// <summary>The job marks expiry, but the clock decides: the job is not needed for correctness.</summary>
    public bool IsTemporaryExpired(HarmonyUser user) =>
        user.TemporaryExpired || (user.TemporaryExpiresAt is { } expires && expires <= time.GetUtcNow());
}
