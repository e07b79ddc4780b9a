using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>An employee's authenticator app (decision 0029): one per account, its key protected at rest.</summary>
public class UserAuthenticator
{
    public Guid UserId { get; set; }

    /// <summary>The TOTP key, protected with data protection (purpose <c>Harmony.Authenticator.Key.v1</c>); never logged.</summary>
    public required string ProtectedKey { get; set; }

    /// <summary>The last time step whose code was accepted: a code is good once, and never for an earlier step.</summary>
    public long LastUsedStep { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }
}

/// <summary>One of the ten single-use recovery codes; only a keyed hash is stored.</summary>
public class AuthenticatorRecoveryCode
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public required string CodeHash { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>What an employee of a company with the policy <c>EmployeeChoice</c> uses after the password.</summary>
public enum SecondFactorChoice
{
    Email = 0,
    Authenticator = 1,
}

public sealed class UserAuthenticatorConfiguration :
    IEntityTypeConfiguration<UserAuthenticator>, IEntityTypeConfiguration<AuthenticatorRecoveryCode>, IEntityTypeConfiguration<HarmonyUser>
{
    public void Configure(EntityTypeBuilder<UserAuthenticator> authenticator)
    {
        authenticator.ToTable("UserAuthenticators");
        authenticator.HasKey(a => a.UserId);
        authenticator.Property(a => a.ProtectedKey).HasMaxLength(1000);
        authenticator.HasOne<HarmonyUser>().WithOne().HasForeignKey<UserAuthenticator>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AuthenticatorRecoveryCode> code)
    {
        code.ToTable("AuthenticatorRecoveryCodes");
        code.Property(c => c.CodeHash).HasMaxLength(64);
        code.HasIndex(c => new { c.UserId, c.CodeHash }).IsUnique();
        code.HasOne<HarmonyUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<HarmonyUser> user) =>
        user.Property(u => u.SecondFactorChoice).HasConversion<string>().HasMaxLength(16);
}
