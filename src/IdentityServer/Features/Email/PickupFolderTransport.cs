using MimeKit;
using MimeKit.Utils;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// The development and test sender: writes each message as a standard <c>.eml</c> file (any mail client opens it)
/// named <c>{utc-timestamp}-{outboxId}.eml</c> into <see cref="EmailOptions.PickupFolder"/>. The file appears whole or
/// not at all: it is written under a temporary name and then moved into place.
/// </summary>
public sealed partial class PickupFolderTransport(
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<PickupFolderTransport> logger) : IEmailTransport
{
    public const string OutboxIdHeader = "X-Harmony-Outbox-Id";

    public string Folder => options.Value.PickupFolder;

    public async Task<SendResult> SendAsync(OutgoingEmail message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var mime = ToMime(message, now);
        var fileName = $"{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{message.OutboxId.ToString(CultureInfo.InvariantCulture)}.eml";
        var temporary = Path.Combine(Folder, $".{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Folder);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await mime.WriteToAsync(file, cancellationToken);
            }
            File.Move(temporary, Path.Combine(Folder, fileName), overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return new SendResult.Transient($"Could not write to the pickup folder: {e.GetType().Name}: {e.Message}");
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        LogWritten(logger, message.Kind, message.OutboxId, fileName);
        return new SendResult.Accepted(fileName);
    }

    /// <summary>multipart/alternative in UTF-8 with From, To, Subject, Date, Message-Id and the outbox ID.</summary>
    private MimeMessage ToMime(OutgoingEmail message, DateTimeOffset now)
    {
        var settings = options.Value;
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(settings.FromAddress[(settings.FromAddress.LastIndexOf('@') + 1)..]),
        };
        mime.From.Add(new MailboxAddress(settings.FromName(message.Culture), settings.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.ToAddress));
        mime.Headers.Add(OutboxIdHeader, message.OutboxId.ToString(CultureInfo.InvariantCulture));

        var text = new TextPart(MimeKit.Text.TextFormat.Plain);
        text.SetText("utf-8", message.TextBody);
        var html = new TextPart(MimeKit.Text.TextFormat.Html);
        html.SetText("utf-8", message.HtmlBody);
        mime.Body = new MultipartAlternative { text, html };
        // Choose quoted-printable or base64 per part, so that the file is plain 7-bit like a message on the wire.
        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless: readers only look at *.eml.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Kind} email (outbox message {OutboxId}) to the pickup folder as {FileName}")]
    private static partial void LogWritten(ILogger logger, string kind, long outboxId, string fileName);
}
