using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SendGrid.Helpers.EventWebhook;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// Checks SendGrid's signed event webhook with SendGrid's own helper: ECDSA (P-256, SHA-256) over the timestamp header
/// followed by the raw body, with the public key SendGrid shows. Without a configured key nothing passes.
/// </summary>
public sealed class SendGridWebhookVerifier
{
    public const string SignatureHeader = RequestValidator.SIGNATURE_HEADER;
    public const string TimestampHeader = RequestValidator.TIMESTAMP_HEADER;

    private readonly RequestValidator validator = new();
    private readonly EllipticCurve.PublicKey? publicKey;

    public SendGridWebhookVerifier(IOptions<EmailOptions> options, ILogger<SendGridWebhookVerifier> logger)
    {
        var configured = options.Value.SendGrid.WebhookPublicKey;
        if (string.IsNullOrWhiteSpace(configured)) return;
        try
        {
            publicKey = validator.ConvertPublicKeyToECDSA(configured.Trim());
        }
        catch (Exception)
        {
            // Start anyway (mail still goes out); the webhook stays shut until the key is fixed.
            logger.LogError("Harmony:Email:SendGrid:WebhookPublicKey is not a valid ECDSA public key; the SendGrid webhook refuses every request");
        }
    }

    public bool IsConfigured => publicKey is not null;

    public bool Verify(string payload, string? signature, string? timestamp)
    {
        if (publicKey is null || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)) return false;
        try
        {
            return validator.VerifySignature(publicKey, payload, signature, timestamp);
        }
        catch (Exception)
        {
            // Whatever the helper trips on (not base64, not DER, out of range…), an unreadable signature is not a valid one.
            return false;
        }
    }
}

/// <summary>
/// SendGrid's event webhook (PRODUCT §7): <c>bounce</c>, <c>dropped</c> and <c>spamreport</c> count toward the
/// address's delivery failures, once per <c>sg_event_id</c>; every other event is accepted and ignored. Anonymous and
/// without antiforgery (SendGrid cannot carry either); the signature is the authentication.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Route("webhooks/sendgrid/events")]
public sealed partial class SendGridEventWebhook(
    SendGridWebhookVerifier verifier,
    EmailRestrictions restrictions,
    ILogger<SendGridEventWebhook> logger) : ControllerBase
{
    /// <summary>The event types that count as a failed delivery.</summary>
    public static readonly IReadOnlySet<string> FailureEvents = new HashSet<string>(StringComparer.Ordinal) { "bounce", "dropped", "spamreport" };

    private const int MaxPayloadBytes = 4 * 1024 * 1024;

    [HttpPost]
    [RequestSizeLimit(MaxPayloadBytes)]
    public async Task<IActionResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        // An API answer, not a page: no error page in place of the empty 401/400.
        HttpContext.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;

        // The signature covers the exact bytes SendGrid sent, so the body is read raw, never re-serialized.
        using var reader = new StreamReader(Request.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var payload = await reader.ReadToEndAsync(cancellationToken);
        if (!verifier.Verify(payload, Request.Headers[SendGridWebhookVerifier.SignatureHeader], Request.Headers[SendGridWebhookVerifier.TimestampHeader]))
        {
            LogRejected(logger, verifier.IsConfigured);
            return Unauthorized();
        }

        List<DeliveryEvent> events;
        try
        {
            events = Parse(payload);
        }
        catch (JsonException)
        {
            return BadRequest();
        }

        int counted = 0, duplicates = 0, restricted = 0;
        foreach (var delivery in events)
        {
            switch (await restrictions.RecordDeliveryFailureAsync(delivery.EventId, delivery.Address, delivery.Type, cancellationToken))
            {
                case DeliveryFailureOutcome.Counted: counted++; break;
                case DeliveryFailureOutcome.Restricted: counted++; restricted++; break;
                case DeliveryFailureOutcome.Duplicate: duplicates++; break;
            }
        }

        if (events.Count > 0) LogReceived(logger, counted, duplicates, restricted);
        return NoContent();
    }

    private sealed record DeliveryEvent(string EventId, string Address, string Type);

    /// <summary>The failure events of the batch; events of other types, or without an ID or address, are skipped.</summary>
    private static List<DeliveryEvent> Parse(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("Expected an array of events.");

        var events = new List<DeliveryEvent>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var type = String(item, "event");
            var id = String(item, "sg_event_id");
            var address = String(item, "email");
            if (type is null || !FailureEvents.Contains(type) || string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(address)) continue;
            if (id.Length > 100 || address.Length > 256) continue;
            events.Add(new DeliveryEvent(id, address, type));
        }
        return events;
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a SendGrid event webhook request: bad or missing signature (public key configured: {Configured})")]
    private static partial void LogRejected(ILogger logger, bool configured);

    [LoggerMessage(Level = LogLevel.Information, Message = "SendGrid events: {Counted} delivery failure(s) counted, {Duplicates} already counted, {Restricted} address(es) restricted")]
    private static partial void LogReceived(ILogger logger, int counted, int duplicates, int restricted);
}
