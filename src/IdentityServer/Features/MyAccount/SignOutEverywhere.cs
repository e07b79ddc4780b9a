using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>
/// "Sign out everywhere" and "sign out" of one other session, on the My account page (decision 0031). Everywhere means
/// every session (a new security stamp, which also forgets every remembered browser and voids pending sign-ins and
/// emailed links; every session record revoked), every refresh token, access token and authorization of the employee,
/// and this browser too: the employee lands on the login page.
/// </summary>
public sealed class SignOutEverywhere(HarmonyDbContext db, AccountSessions sessions, AccountLifecycle accounts, AuditLog audit)
{
    public async Task EverywhereAsync(HttpContext context, HarmonyUser user, CancellationToken cancellationToken = default)
    {
        var ended = await sessions.RevokeAllAsync(user.Id, cancellationToken: cancellationToken);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Add(AuditEvents.SignedOutEverywhere, user, AuditReasons.ByEmployee, details: $"sessions {ended}");
        await db.SaveChangesAsync(cancellationToken);
        await accounts.RevokeAllAsync(user.Id, cancellationToken);
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>Ends one other session of the employee; false when there is no such live session.</summary>
    public async Task<bool> OneAsync(HarmonyUser user, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await sessions.RevokeAsync(user.Id, sessionId, cancellationToken);
        if (session is null) return false;
        audit.Add(AuditEvents.SessionRevoked, user, AuditReasons.ByEmployee,
            details: $"session of {session.CreatedAt:O} from {session.IpAddress ?? "(unknown)"}; {UserAgents.Summary(session.UserAgent)}");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
