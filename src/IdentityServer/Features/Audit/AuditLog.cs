using Harmony.Identity.Server.Data;

namespace Harmony.Identity.Server.Features.Audit;

/// <summary>
/// Writes audit events into the same unit of work as the change they describe (the caller saves), with the
/// request's client address and user agent.
/// </summary>
public sealed class AuditLog(HarmonyDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    private const int MaxUserAgentLength = 512;

    public AuditEvent Add(
        string @event,
        HarmonyUser? user = null,
        string? reason = null,
        string? clientId = null,
        string? referenceCode = null,
        string? actor = null,
        string? details = null,
        Guid? companyId = null)
    {
        var request = http.HttpContext?.Request;
        var userAgent = request?.Headers.UserAgent.ToString();
        var entry = new AuditEvent
        {
            OccurredAt = time.GetUtcNow(),
            Event = @event,
            Reason = reason,
            UserId = user?.Id,
            CompanyId = companyId ?? user?.CompanyId,
            ClientId = clientId,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)],
            ReferenceCode = referenceCode,
            Actor = actor,
            Details = details,
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
