using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// Protects outbox bodies at rest: they hold temporary passwords, codes and reset links, so they are encrypted with
/// the shared data-protection key ring while pending and cleared once the message leaves the outbox.
/// </summary>
public sealed class OutboxBodies(IDataProtectionProvider dataProtection)
{
    public const string Purpose = "Harmony.Email.Outbox.v1";

    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);

    public string Protect(string body) => protector.Protect(body);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that protected it is gone.</exception>
    public string Unprotect(string protectedBody) => protector.Unprotect(protectedBody);
}

/// <summary>
/// Renders a message and adds it to the caller's unit of work (<see cref="HarmonyDbContext"/>) without saving: the
/// caller's <c>SaveChangesAsync</c> commits the message with the change that caused it, or neither. A message to a
/// restricted address is recorded as suppressed and never sent.
/// </summary>
public sealed class EmailOutbox(
    HarmonyDbContext db,
    EmailTemplates templates,
    OutboxBodies bodies,
    IEmailRestrictions restrictions,
    TimeProvider time) : IEmailOutbox
{
    public const string RestrictedError = "Not sent: the address is restricted after repeated delivery failures.";
    public const string InvalidAddressError = "Not sent: the address is not a valid email address.";

    private const int MaxAddressLength = 256;

    private const int MaxNameLength = 200;
    private const int MaxSubjectLength = 300;

    public async Task EnqueueAsync(Guid? userId, EmailRecipient to, EmailContent content, CancellationToken cancellationToken = default)
    {
        var address = to.Address.Trim();
        var culture = SupportedCultures.OfTag(to.Culture);
        var name = string.IsNullOrWhiteSpace(to.Name) ? null : to.Name.Trim().Truncate(MaxNameLength);
        var rendered = templates.Render(content, culture, name);
        var now = time.GetUtcNow();

        // An address that cannot be sent to is recorded with the reason, for admins to see, instead of failing the
        // caller's change (a sign-in or an enrolment must not break because a stored address is wrong).
        var (status, error) =
            !System.Net.Mail.MailAddress.TryCreate(address, out _) || address.Length > MaxAddressLength ? (OutboxStatus.Failed, InvalidAddressError)
            : await restrictions.IsRestrictedAsync(address, cancellationToken) ? (OutboxStatus.Suppressed, RestrictedError)
            : (OutboxStatus.Pending, null);

        db.OutboxMessages.Add(new OutboxMessage
        {
            Kind = content.Kind,
            UserId = userId,
            ToAddress = address.Truncate(MaxAddressLength),
            ToName = name,
            Culture = culture,
            Subject = rendered.Subject.Truncate(MaxSubjectLength),
            TextBody = status == OutboxStatus.Pending ? bodies.Protect(rendered.TextBody) : null,
            HtmlBody = status == OutboxStatus.Pending ? bodies.Protect(rendered.HtmlBody) : null,
            Status = status,
            CreatedAt = now,
            NextAttemptAt = now,
            LastError = error,
        });
    }
}

/// <summary>The outbox table, indexed for the dispatcher and for the admin's list of failures.</summary>
public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("OutboxMessages");
        message.Property(m => m.Kind).HasMaxLength(32);
        message.Property(m => m.ToAddress).HasMaxLength(256);
        message.Property(m => m.ToName).HasMaxLength(200);
        message.Property(m => m.Culture).HasMaxLength(8);
        message.Property(m => m.Subject).HasMaxLength(300);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.ProviderMessageId).HasMaxLength(200);
        message.Property(m => m.LastError).HasMaxLength(1000);
        // The dispatcher picks due pending messages; admins list failures.
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        message.HasIndex(m => new { m.UserId, m.CreatedAt });
    }
}
