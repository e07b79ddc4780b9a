namespace Harmony.Identity.Server.Data;

/// <summary>A past password hash of an account; the last five may not be chosen again (FAQ Q10).</summary>
public class PasswordHistoryEntry
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
