using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>Puts the My Page instruction email on the outbox, in the employee's language, with the issuing change.</summary>
public sealed partial class OutboxEmployeeNotifier(
    IEmailOutbox outbox,
    IOptions<EmailOptions> options,
    ILogger<OutboxEmployeeNotifier> logger) : IEmployeeNotifier
{
    public const string LoginPath = "account/login";

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
            new InstructionEmail(options.Value.Link(LoginPath), credentials.LoginId, credentials.Password, credentials.ExpiresAt),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {UserId} has no email address: its My Page instruction email was not queued")]
    private static partial void LogNoAddress(ILogger logger, Guid userId);
}
