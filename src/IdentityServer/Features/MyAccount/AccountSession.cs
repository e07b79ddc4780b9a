using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>
/// One signed-in browser (decision 0031): created when the session cookie is issued, named by the id the cookie carries,
/// refused once revoked. The cookie and the security stamp remain the session; this record lets the employee see it and
/// end it alone.
/// </summary>
public sealed class AccountSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The last request that presented the cookie, or an app's code or refresh token obtained in the session, written at most
    /// every <see cref="AccountSessions.LastSeenPrecision"/>.
    /// </summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>
    /// Set when the session ends: "log out" on the My account page, "sign out everywhere", a password change, an app's
    /// logout, a lock or suspension seen at sign-in, or a new sign-in in the same browser. The cookie, and the apps' codes
    /// and refresh tokens obtained in the session (unless <see cref="ReplacedById"/> hands them on), are refused from then on.
    /// </summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>
    /// The session that took this one's place when the same employee signed in again in the same browser: this record
    /// is revoked (its cookie dies), but the apps' refresh tokens obtained in it live on with the new one.
    /// </summary>
    public Guid? ReplacedById { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }
}

public sealed class AccountSessionConfiguration : IEntityTypeConfiguration<AccountSession>
{
    public void Configure(EntityTypeBuilder<AccountSession> session)
    {
        session.ToTable("AccountSessions");
        session.HasKey(s => s.Id);
        session.HasOne<HarmonyUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        session.Property(s => s.IpAddress).HasMaxLength(64);
        session.Property(s => s.UserAgent).HasMaxLength(512);
        session.HasIndex(s => new { s.UserId, s.LastSeenAt });
        session.HasIndex(s => s.LastSeenAt);
        session.HasIndex(s => s.ReplacedById);
    }
}
