using System.Net;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// The production sender: SendGrid's v3 mail API through the official client. 2xx is accepted (with SendGrid's
/// <c>X-Message-Id</c>); 429, 5xx, timeouts and network errors are worth retrying; any other answer is a refusal of
/// the message itself. The API key never appears in what this returns or logs.
/// </summary>
public sealed partial class SendGridTransport(
    IHttpClientFactory httpClients,
    IOptions<EmailOptions> options,
    ILogger<SendGridTransport> logger) : IEmailTransport
{
    public const string HttpClientName = "Harmony.SendGrid";

    /// <summary>Carried with the message, and back in SendGrid's events, to find the outbox row again.</summary>
    public const string OutboxIdArgument = "harmony_outbox_id";

    private const int MaxErrorDetail = 300;

    public async Task<SendResult> SendAsync(OutgoingEmail message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var apiKey = settings.SendGrid.ApiKey;
        if (string.IsNullOrWhiteSpace(apiKey)) return new SendResult.Transient("No SendGrid API key is configured.");

        var clientOptions = new SendGridClientOptions { ApiKey = apiKey };
        if (settings.SendGrid.Host is { } host) clientOptions.Host = host.AbsoluteUri.TrimEnd('/');
        var client = new SendGridClient(httpClients.CreateClient(HttpClientName), clientOptions);

        try
        {
            var response = await client.SendEmailAsync(ToSendGrid(message, settings), cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
                return new SendResult.Accepted(string.IsNullOrEmpty(id) ? $"sendgrid:{status}" : id);
            }

            var detail = Scrub(await ReadDetailAsync(response, cancellationToken), apiKey);
            var error = $"SendGrid answered {status} {response.StatusCode}{(detail.Length > 0 ? ": " + detail : "")}";
            LogRefused(logger, message.OutboxId, status);
            return response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500
                ? new SendResult.Transient(error)
                : new SendResult.Permanent(error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not the caller's cancellation.
            return new SendResult.Transient($"SendGrid did not answer within {settings.SendGrid.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException e)
        {
            return new SendResult.Transient(Scrub($"Could not reach SendGrid: {e.HttpRequestError}: {e.Message}", apiKey));
        }
    }

    private static SendGridMessage ToSendGrid(OutgoingEmail message, EmailOptions settings)
    {
        var mail = new SendGridMessage
        {
            From = new EmailAddress(settings.FromAddress, settings.FromName(message.Culture)),
            Subject = message.Subject,
            PlainTextContent = message.TextBody,
            HtmlContent = message.HtmlBody,
        };
        mail.AddTo(new EmailAddress(message.ToAddress, string.IsNullOrWhiteSpace(message.ToName) ? null : message.ToName));
        mail.AddHeader(PickupFolderTransport.OutboxIdHeader, message.OutboxId.ToString(CultureInfo.InvariantCulture));
        mail.AddCustomArg(OutboxIdArgument, message.OutboxId.ToString(CultureInfo.InvariantCulture));
        // Reset links and codes must reach the person as written, not through a tracking redirect.
        mail.SetClickTracking(false, false);
        return mail;
    }

    private static async Task<string> ReadDetailAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.Body is null) return "";
        try
        {
            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            body = body.ReplaceLineEndings(" ").Trim();
            return body.Length <= MaxErrorDetail ? body : body[..MaxErrorDetail] + "…";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    private static string Scrub(string text, string apiKey) =>
        text.Replace(apiKey, "[api key]", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid refused outbox message {OutboxId} with status {Status}")]
    private static partial void LogRefused(ILogger logger, long outboxId, int status);
}
