using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.Audit;

/// <summary>
/// The one writer of audit events (pages, the admin API, jobs): into the same unit of work as the change they describe
/// (the caller saves), with the request's client address and user agent, cut to the columns' lengths.
/// </summary>
public sealed class AuditLog(HarmonyDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    private const int MaxUserAgentLength = 512;
    private const int MaxDetailsLength = 1000;

    public AuditEvent Add(
        string @event,
        HarmonyUser? user = null,
        string? reason = null,
        string? clientId = null,
        string? referenceCode = null,
        string? actor = null,
        string? details = null,
        Guid? companyId = null,
        Guid? userId = null)
    {
        var request = http.HttpContext?.Request;
        var userAgent = request?.Headers.UserAgent.ToString();
        var entry = new AuditEvent
        {
            OccurredAt = time.GetUtcNow(),
            Event = @event,
            Reason = reason,
            UserId = user?.Id ?? userId,
            CompanyId = companyId ?? user?.CompanyId,
            ClientId = clientId,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent.Truncate(MaxUserAgentLength),
            ReferenceCode = referenceCode,
            Actor = actor,
            // Details may quote what an admin typed or a provider answered: cut to the column, never refuse the change.
            Details = details?.Truncate(MaxDetailsLength),
        };
        db.AuditEvents.Add(entry);
        return entry;
    }

    /// <summary>Adds the event and saves it on its own (for events that change nothing else).</summary>
    public async Task RecordAsync(string @event, HarmonyUser? user = null, string? reason = null, string? clientId = null,
        string? referenceCode = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        Add(@event, user, reason, clientId, referenceCode, actor);
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Short codes a person can read out over the phone: 8 characters without look-alikes, as XXXX-XXXX.</summary>
public static class ReferenceCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string New()
    {
        Span<char> code = stackalloc char[9];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = i == 4 ? '-' : Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(code);
    }
}

/// <summary>The audit table, with the indexes the admin's history and search pages read by.</summary>
public sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.ToTable("AuditEvents");
        audit.Property(a => a.Event).HasMaxLength(64);
        audit.Property(a => a.Reason).HasMaxLength(64);
        audit.Property(a => a.ClientId).HasMaxLength(100);
        audit.Property(a => a.IpAddress).HasMaxLength(64);
        audit.Property(a => a.UserAgent).HasMaxLength(512);
        audit.Property(a => a.ReferenceCode).HasMaxLength(16);
        audit.Property(a => a.Actor).HasMaxLength(200);
        audit.Property(a => a.Details).HasMaxLength(1000);
        audit.HasIndex(a => new { a.UserId, a.OccurredAt });
        audit.HasIndex(a => new { a.CompanyId, a.OccurredAt });
        audit.HasIndex(a => a.ReferenceCode);
        audit.HasIndex(a => a.OccurredAt);
    }
}
