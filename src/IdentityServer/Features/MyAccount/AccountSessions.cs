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
    /// Records read at most to find a token's live session. A replacement points every older record of the chain at the
    /// newest, and a refresh moves the token to it, so two reads are the most a token normally needs.
    /// </summary>
    public const int MaxReads = 16;

    /// <summary>How long a session cookie lives without a request (the sliding expiry of the session cookie).</summary>
    public static readonly TimeSpan IdleLifetime = Hosting.IdentityExtensions.SessionIdleLifetime;

    private const int MaxUserAgentLength = 512;

    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(ClaimType), out var id) ? id : null;

    /// <summary>
    /// When the session cookie is issued: a new record unless the principal already names one (a re-issue after a password
    /// change). A browser that signs in again over its own session (the passkeys page's password check, a second login)
    /// ends the record of the cookie it replaces, so the list never shows one browser twice and the old cookie is dead;
    /// when it is the same employee, the old record (and any that named it) names the new one, which the apps' refresh
    /// tokens follow (<see cref="LiveSessionOfAsync"/>). The new record is stored first: a request cut short in between leaves
    /// the old session as it was, never a successor that does not exist.
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
        db.Set<AccountSession>().Add(session);
        await db.SaveChangesAsync(context.HttpContext.RequestAborted);
        if (IdOf(context.HttpContext.User) is { } replaced)
        {
            var sameEmployee = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) == userId.ToString();
            Guid? successor = sameEmployee ? session.Id : null;
            // Not cut short from here on: the new cookie is about to be sent, and the old one must die with it.
            await db.Set<AccountSession>().Where(s => s.Id == replaced && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.ReplacedById, successor), CancellationToken.None);
            // The records it had replaced point at the newest too, so that a token of any of them is one step from it.
            if (sameEmployee)
            {
                await db.Set<AccountSession>().Where(s => s.ReplacedById == replaced)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReplacedById, successor), CancellationToken.None);
            }
        }
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
    /// The live session an app's authorization code or refresh token belongs to: the one it was obtained in, or, after the
    /// employee signed in again in that browser, the session that replaced it. Null when that session has ended: logged
    /// out (from the list, by an app's logout in that browser, by a password change, by a lock or suspension seen at
    /// sign-in), replaced by another employee's sign-in in that browser, or gone. A record is kept as long as a refresh
    /// token obtained in it may live, an app's use counting as the session's (<see cref="NoteAppUseAsync"/>,
    /// <see cref="PruneAsync"/>), so a missing one has no live token left.
    /// </summary>
    public async Task<LiveSession?> LiveSessionOfAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var id = sessionId;
        for (var read = 0; read < MaxReads; read++)
        {
            var session = await db.Set<AccountSession>().AsNoTracking().Where(s => s.Id == id)
                .Select(s => new { s.RevokedAt, s.ReplacedById, s.LastSeenAt }).SingleOrDefaultAsync(cancellationToken);
            if (session is null) return null;
            if (session.RevokedAt is null) return new LiveSession(id, session.LastSeenAt);
            if (session.ReplacedById is not { } next) return null;
            id = next;
        }
        return null;
    }

    /// <summary>
    /// An app used its code or refresh token: the session counts as seen (at most every <see cref="LastSeenPrecision"/>),
    /// so it stays on the list while an app on that device is in use, can be logged out there, and is not pruned. The
    /// address is left as the browser's: a confidential app's requests come from its own server.
    /// </summary>
    public async Task NoteAppUseAsync(LiveSession session, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (now - session.LastSeenAt < LastSeenPrecision) return;
        await db.Set<AccountSession>().Where(s => s.Id == session.Id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
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
    /// Deletes the records of sessions that went idle before <paramref name="threshold"/> (no request from the browser or
    /// an app since), and of those revoked before it. The caller's threshold is at least a refresh token's lifetime ago:
    /// until then a refresh token obtained in the session must still find its record.
    /// </summary>
    public Task<int> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken = default)
    {
        var idleBefore = threshold - IdleLifetime;
        return db.Set<AccountSession>()
            .Where(s => (s.RevokedAt == null && s.LastSeenAt < idleBefore) || s.RevokedAt < threshold)
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>A session that has not ended, as <see cref="AccountSessions.LiveSessionOfAsync"/> found it.</summary>
public sealed record LiveSession(Guid Id, DateTimeOffset LastSeenAt);
