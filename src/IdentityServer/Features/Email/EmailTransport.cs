namespace Harmony.Identity.Server.Features.Email;

/// <summary>One outbox message as a transport sends it, bodies in clear.</summary>
public sealed record OutgoingEmail(
    long OutboxId,
    string Kind,
    string ToAddress,
    string? ToName,
    string Culture,
    string Subject,
    string TextBody,
    string HtmlBody);

/// <summary>What a transport made of one message; the dispatcher decides from it whether to retry.</summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The provider took the message: it is sent and must not be sent again.</summary>
    public sealed record Accepted(string ProviderMessageId) : SendResult;

    /// <summary>Worth another try later (rate limit, provider outage, timeout, network).</summary>
    public sealed record Transient(string Error) : SendResult;

    /// <summary>The provider refused the message itself; trying again would give the same answer.</summary>
    public sealed record Permanent(string Error) : SendResult;
}

/// <summary>Hands one message to the outside world. Errors must never carry secrets (API keys, bodies).</summary>
public interface IEmailTransport
{
    Task<SendResult> SendAsync(OutgoingEmail message, CancellationToken cancellationToken);
}
