using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Data;

/// <summary>
/// A client_credentials access token its client revoked (they have no token row: <c>Connect/MachineAccessTokens.cs</c>),
/// by its <c>jti</c>, kept until the token would have expired; the token-pruning job deletes it after that.
/// </summary>
public sealed class RevokedAccessToken
{
    public string JwtId { get; set; } = "";

    public string? ClientId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset RevokedAt { get; set; }
}

public sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessToken>
{
    public void Configure(EntityTypeBuilder<RevokedAccessToken> token)
    {
        token.ToTable("RevokedAccessTokens");
        token.HasKey(t => t.JwtId);
        token.Property(t => t.JwtId).HasMaxLength(100);
        token.Property(t => t.ClientId).HasMaxLength(100);
        token.HasIndex(t => t.ExpiresAt);
    }
}
