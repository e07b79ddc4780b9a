using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>
/// The server-side list of sessions (decision 0031). Every session cookie is issued with a session id (<see cref="ClaimType"/>)
/// and a record; every request that presents it is refused once the record is revoked or gone, after the security-stamp
/// check of decision 0006. A cookie without the id (issued before this existed) is refused: its holder signs in again.
/// </summary>
public sealed class AccountSessions(HarmonyDbContext db, TimeProvider time)
{
    /// <summary>The cookie claim naming the session; kept across the stamp check's refreshes (<c>SignInSession.KeptClaims</c>).</summary>
    public const string ClaimType = SignIn.SignInSession.SessionIdClaim;

    /// <summary>How stale "last seen" may be: it is written at most this often, so that reading pages does not mean writing rows.</summary>
    public static readonly TimeSpan LastSeenPrecision = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Sign-ins over one's own session followed at most: a refresh token moves to the newest session at each refresh, so
    /// only a token unused while its browser signed in this many times over is refused for it.
    /// </summary>
    public const int MaxReplacements = 16;

    /// <summary>How long a session cookie lives without a request (the sliding expiry of the session cookie).</summary>
    public static readonly TimeSpan IdleLifetime = Hosting.IdentityExtensions.SessionIdleLifetime;

    private const int MaxUserAgentLength = 512;

    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(ClaimType), out var id) ? id : null;

    /// <summary>
    /// When the session cookie is issued: a new record unless the principal already names one (a re-issue after a password
    /// change). A browser that signs in again over its own session (the passkeys page's password check, a second login)
    /// ends the record of the cookie it replaces, so the list never shows one browser twice and the old cookie is dead;
    /// when it is the same employee, the old record names the new one, which the apps' refresh tokens follow
    /// (<see cref="StandingOfAsync"/>).
    /// </summary>
    public async Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (IdOf(context.Principal) is not null) return;
        if (!Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return;
        var now = time.GetUtcNow();
        var request = context.HttpContext.Request;
        var userAgent = request.Headers.UserAgent.ToString();
        var session = new AccountSession
        {
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            IpAddress = context.HttpContext.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent.Truncate(MaxUserAgentLength),
        };
        if (IdOf(context.HttpContext.User) is { } replaced)
        {
            Guid? successor = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) == userId.ToString() ? session.Id : null;
            await db.Set<AccountSession>().Where(s => s.Id == replaced && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.ReplacedById, successor),
                    context.HttpContext.RequestAborted);
        }
        db.Set<AccountSession>().Add(session);
        await db.SaveChangesAsync(context.HttpContext.RequestAborted);
        context.Principal!.Identities.First().AddClaim(new Claim(ClaimType, session.Id.ToString()));
    }

    /// <summary>A sign-out (the app's end session, a refused cookie) ends the session's record too, so the list shows it no more.</summary>
    public async Task OnSigningOutAsync(CookieSigningOutContext context)
    {
        if (IdOf(context.HttpContext.User) is not { } id) return;
        var now = time.GetUtcNow();
        await db.Set<AccountSession>().Where(s => s.Id == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), context.HttpContext.RequestAborted);
    }

    /// <summary>After the security-stamp check: refuses a cookie whose session is revoked, gone or unnamed; notes when it was last seen.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity?.IsAuthenticated != true) return;
        var id = IdOf(context.Principal);
        var now = time.GetUtcNow();
        var session = id is null ? null : await db.Set<AccountSession>().AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new { s.UserId, s.RevokedAt, s.LastSeenAt })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (session is null || session.RevokedAt is not null ||
            session.UserId.ToString() != context.Principal.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (now - session.LastSeenAt >= LastSeenPrecision)
        {
            var ip = context.HttpContext.Connection.RemoteIpAddress?.ToString();
            await db.Set<AccountSession>().Where(s => s.Id == id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.IpAddress, ip), context.HttpContext.RequestAborted);
        }
    }

    /// <summary>
    /// What has become of the session an app's authorization code or refresh token was obtained in: live (under
    /// <paramref name="sessionId"/> or, after the employee signed in again in that browser, the session that replaced it),
    /// ended (logged out from the list or by the app, or ended by a password change), or unknown: its record was
    /// pruned after it went idle, which ends the browser's session but not the app's offline access. An ended session's
    /// record is kept at least as long as a refresh token lives (<see cref="PruneAsync"/>).
    /// </summary>
    public async Task<SessionStanding> StandingOfAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var id = sessionId;
        for (var hop = 0; hop < MaxReplacements; hop++)
        {
            var session = await db.Set<AccountSession>().AsNoTracking().Where(s => s.Id == id)
                .Select(s => new { s.RevokedAt, s.ReplacedById }).SingleOrDefaultAsync(cancellationToken);
            // Pruned: it went idle long ago (a revoked record outlives every refresh token obtained in it).
            if (session is null) return SessionStanding.Unknown;
            if (session.RevokedAt is null) return SessionStanding.LiveAs(id);
            if (session.ReplacedById is not { } next) return SessionStanding.Ended;
            id = next;
        }
        return SessionStanding.Ended;
    }

    /// <summary>The employee's sessions that may still be used, the most recently seen first.</summary>
    public Task<List<AccountSession>> ActiveAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - IdleLifetime;
        return db.Set<AccountSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.LastSeenAt > since)
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Ends one session of the employee; false when it is not theirs or already ended. The caller audits and saves.</summary>
    public async Task<AccountSession?> RevokeAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await db.Set<AccountSession>()
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null, cancellationToken);
        if (session is not null) session.RevokedAt = time.GetUtcNow();
        return session;
    }

    /// <summary>Ends every session of the employee but <paramref name="except"/>; how many it ended.</summary>
    public Task<int> RevokeAllAsync(Guid userId, Guid? except = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return db.Set<AccountSession>()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    /// <summary>
    /// Deletes the records of sessions that went idle before <paramref name="threshold"/>, and of those revoked before
    /// <paramref name="revokedThreshold"/>, which must be at least a refresh token's lifetime ago: until then a refresh
    /// token obtained in a revoked session must still find the record that refuses it.
    /// </summary>
    public Task<int> PruneAsync(DateTimeOffset threshold, DateTimeOffset revokedThreshold, CancellationToken cancellationToken = default)
    {
        var idleBefore = threshold - IdleLifetime;
        return db.Set<AccountSession>()
            .Where(s => (s.RevokedAt == null && s.LastSeenAt < idleBefore) || s.RevokedAt < revokedThreshold)
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>What <see cref="AccountSessions.StandingOfAsync"/> found: ended or not, and the live session's id when it is live.</summary>
public readonly record struct SessionStanding(bool IsEnded, Guid? LiveId)
{
    /// <summary>No record (pruned after it went idle): nothing to refuse.</summary>
    public static SessionStanding Unknown => new(false, null);

    public static SessionStanding Ended => new(true, null);

    public static SessionStanding LiveAs(Guid id) => new(false, id);
}
