using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Data;

/// <summary>
/// An employee account. <see cref="IdentityUser{TKey}.UserName"/> is the login ID;
/// <see cref="IdentityUser{TKey}.Id"/> is the stable subject (<c>sub</c>) and never changes.
/// </summary>
public class HarmonyUser : IdentityUser<Guid>
{
    public HarmonyUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public Guid CompanyId { get; set; }

    public Company? Company { get; set; }

    /// <summary>The company's own number for the employee, unique within the company (CSV imports match on it).</summary>
    public string? EmployeeNumber { get; set; }

    /// <summary>The employee's name as the company registered it.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Preferred language of emails ("ja" or "en").</summary>
    public string Locale { get; set; } = Contracts.SupportedCultures.Default;

    /// <summary>Temporary credentials are issued by the service and must be converted at first sign-in.</summary>
    public CredentialKind CredentialKind { get; set; } = CredentialKind.Temporary;

    /// <summary>When temporary credentials stop working (FAQ Q11); null for permanent ones.</summary>
    public DateTimeOffset? TemporaryExpiresAt { get; set; }

    /// <summary>Set by the expiry job once <see cref="TemporaryExpiresAt"/> has passed; sign-in checks the time too.</summary>
    public bool TemporaryExpired { get; set; }

    /// <summary>ご利用停止: a suspended account cannot sign in and has no live session or token.</summary>
    public bool IsSuspended { get; set; }

    /// <summary>
    /// A former permanent login ID, kept for this employee while they hold reissued temporary credentials,
    /// so that nobody else takes it and they may choose it again.
    /// </summary>
    public string? ReservedLoginId { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>
    /// Wrong second-factor codes since the last success, counted apart from wrong passwords; shown to admins. Each
    /// challenge limits its own attempts (<see cref="SecondFactorChallenge.AttemptCount"/>).
    /// </summary>
    public int SecondFactorFailedCount { get; set; }

    /// <summary>Under the company policy <c>EmployeeChoice</c>: the email code (null, the default) or the authenticator app (decision 0029).</summary>
    public Features.SignIn.SecondFactorChoice? SecondFactorChoice { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}

public enum CredentialKind
{
    Temporary = 0,
    Permanent = 1,
}

public static class UserRoleQueries
{
    /// <summary>The accounts of <paramref name="users"/> that hold <paramref name="role"/>, as one query (tracked or not as <paramref name="users"/> is).</summary>
    public static IQueryable<HarmonyUser> InRole(this IQueryable<HarmonyUser> users, HarmonyDbContext db, string role) =>
        users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
}
