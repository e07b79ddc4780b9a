namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// Puts the account emails on the outbox, in the employee's language, with the change that causes them: the My Page
/// instruction email, and the notice to a former address.
/// </summary>
public sealed partial class OutboxEmployeeNotifier(
    IEmailOutbox outbox,
    PublicUrls urls,
    TimeProvider time,
    ILogger<OutboxEmployeeNotifier> logger) : IEmployeeNotifier
{
    public async Task QueueInstructionEmailAsync(HarmonyUser user, IssuedCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            // The representative hands the credentials over another way; the admin site shows the account has no address.
            LogNoAddress(logger, user.Id);
            return;
        }

        await outbox.EnqueueAsync(
            user.Id,
            new EmailRecipient(user.Email, user.DisplayName, user.Locale),
            new InstructionEmail(urls.Login, credentials.LoginId, credentials.Password, credentials.ExpiresAt),
            cancellationToken);
    }

    public async Task QueueEmailChangedNoticeAsync(HarmonyUser user, string formerAddress, CancellationToken cancellationToken = default)
    {
        // No former address, nobody to warn; the new one is shown masked, so the old mailbox cannot learn where mail goes.
        if (string.IsNullOrWhiteSpace(formerAddress)) return;
        await outbox.EnqueueAsync(
            user.Id,
            new EmailRecipient(formerAddress, user.DisplayName, user.Locale),
            new EmailAddressChangedEmail(EmailAddresses.Mask(user.Email ?? ""), time.GetUtcNow()),
            cancellationToken);
    }

    public async Task QueuePasskeyNoticeAsync(HarmonyUser user, bool added, string? passkeyName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(user.Email)) return;
        await outbox.EnqueueAsync(
            user.Id,
            new EmailRecipient(user.Email, user.DisplayName, user.Locale),
            new PasskeyChangedEmail(added, passkeyName, time.GetUtcNow()),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {UserId} has no email address: its My Page instruction email was not queued")]
    private static partial void LogNoAddress(ILogger logger, Guid userId);
}
