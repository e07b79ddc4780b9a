using Harmony.Identity.Web;
using System.Security.Cryptography;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// The emails of the two "forgot" pages (FAQ Q5–Q7), in two halves. The page only stores a
/// <see cref="RecoveryRequest"/>, the same work whatever was typed, so neither the answer nor its time tells an
/// outsider whether a login ID or address is registered. The outbox dispatcher, before each run, resolves the
/// stored requests: it looks the target up, applies the per-account limits, queues the email (links from the
/// configured public URL, never from a request) and audits the outcome with the requester's address.
/// </summary>
public sealed partial class RecoveryMail(
    UserManager<HarmonyUser> users,
    HarmonyDbContext db,
    PasswordResetLinks links,
    IEmailOutbox outbox,
    AuditLog audit,
    IDataProtectionProvider dataProtection,
    IHttpContextAccessor http,
    PublicUrls urls,
    IOptions<RecoveryOptions> options,
    TimeProvider time,
    ILogger<RecoveryMail> logger) : IOutboxFeeder
{
    /// <summary>Longer than any login ID or address can be; longer input is cut, so every request stores alike.</summary>
    private const int MaxTargetLength = 256;

    private const int BatchSize = 100;

    public const int MaxReturnUrlLength = 2000;

    /// <summary>
    /// The return URL an emailed link may carry: an app's authorization request of reasonable length, else none. The
    /// person who triggers the email (anyone, for a lock) chooses it, so it may point nowhere but back into an app
    /// through the authorization endpoint, which checks the app's registered redirect.
    /// </summary>
    public static string? KeptReturnUrl(string? returnUrl) =>
        LocalUrl.IsLocal(returnUrl) && returnUrl!.StartsWith(Routes.Authorize + "?", StringComparison.Ordinal)
            && returnUrl.Length <= MaxReturnUrlLength ? returnUrl : null;

    private readonly IDataProtector protector = dataProtection.CreateProtector("Harmony.Recovery.Request.v1");

    /// <param name="returnUrl">Where the person was going; the reset link brings them back there (local URLs only).</param>
    public Task RequestPasswordResetAsync(string loginId, string culture, string? returnUrl, CancellationToken cancellationToken = default) =>
        StoreAsync(PasswordResetEmail.EmailKind, loginId, culture, returnUrl, cancellationToken);

    /// <summary>The reminder's link opens the plain login page (the email names the login IDs; it is not tied to one app).</summary>
    public Task RequestLoginIdReminderAsync(string address, string culture, CancellationToken cancellationToken = default) =>
        StoreAsync(LoginIdReminderEmail.EmailKind, address, culture, returnUrl: null, cancellationToken);

    private async Task StoreAsync(string kind, string target, string culture, string? returnUrl, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var userAgent = context?.Request.Headers.UserAgent.ToString();
        db.RecoveryRequests.Add(new RecoveryRequest
        {
            Kind = kind,
            ProtectedTarget = protector.Protect(target.Truncate(MaxTargetLength)),
            Culture = culture,
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent.Truncate(512),
            RequestedAt = time.GetUtcNow(),
            ReturnUrl = KeptReturnUrl(returnUrl),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Resolves up to one batch of stored requests, oldest first, each with its email and audit row in one commit; the
    /// rest wait for the next run, so a flood of requests never holds up the codes and other mail behind it.
    /// </summary>
    public async Task FeedAsync(CancellationToken cancellationToken = default)
    {
        var batch = await db.RecoveryRequests.OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var request in batch)
        {
            db.RecoveryRequests.Remove(request);
            try
            {
                await ResolveAsync(request, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node's dispatcher resolved (deleted) it first: its email is theirs to send.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One request that cannot be resolved must not stop the outbox: it is dropped (the person may ask again).
                LogUnresolved(logger, request.Id, request.Kind, e);
                db.ChangeTracker.Clear();
                await db.RecoveryRequests.Where(r => r.Id == request.Id).ExecuteDeleteAsync(cancellationToken);
            }
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery request {Id} ({Kind}) could not be resolved and was dropped")]
    private static partial void LogUnresolved(ILogger logger, long id, string kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery request {Id} ({Kind}) was protected with a key that is gone; nothing was sent")]
    private static partial void LogUnreadable(ILogger logger, long id, string kind);

    private async Task ResolveAsync(RecoveryRequest request, CancellationToken cancellationToken)
    {
        string target;
        try
        {
            target = protector.Unprotect(request.ProtectedTarget);
        }
        catch (CryptographicException)
        {
            LogUnreadable(logger, request.Id, request.Kind);
            return; // The key that protected it is gone: nothing can be sent.
        }

        var entry = request.Kind == PasswordResetEmail.EmailKind
            ? await ResolvePasswordResetAsync(target, request.Culture, request.ReturnUrl, cancellationToken)
            : await ResolveLoginIdReminderAsync(target, request.Culture, cancellationToken);
        entry.OccurredAt = request.RequestedAt;
        entry.IpAddress = request.IpAddress;
        entry.UserAgent = request.UserAgent;
    }

    private async Task<AuditEvent> ResolvePasswordResetAsync(string loginId, string culture, string? returnUrl, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(loginId);
        if (user is not { CredentialKind: CredentialKind.Permanent, IsSuspended: false, Email.Length: > 0 })
        {
            // Audited without what was typed; a temporary account cannot reset (FAQ Q5, Q7), the page said so.
            return audit.Add(AuditEvents.PasswordResetRequested, user, reason: user is null ? AuditReasons.NoMatch : AuditReasons.NotEligible);
        }
        if (!await WithinLimitsAsync(user.Id, PasswordResetEmail.EmailKind, cancellationToken))
        {
            return audit.Add(AuditEvents.PasswordResetRequested, user, reason: AuditReasons.LimitReached);
        }

        var (token, expiresAt) = links.Create(user);
        await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email!, user.DisplayName, culture),
            new PasswordResetEmail(urls.ResetPassword(token, returnUrl), expiresAt), cancellationToken);
        return audit.Add(AuditEvents.PasswordResetRequested, user);
    }

    private async Task<AuditEvent> ResolveLoginIdReminderAsync(string address, string culture, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeEmail(address);
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized && !u.IsSuspended)
            .OrderBy(u => u.CreatedAt)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.CompanyId })
            .ToListAsync(cancellationToken);
        if (accounts.Count == 0) return audit.Add(AuditEvents.LoginIdReminderRequested, reason: AuditReasons.NoMatch);

        // The address's first account carries the count: one address, one limit.
        var first = accounts[0];
        if (!await WithinLimitsAsync(first.Id, LoginIdReminderEmail.EmailKind, cancellationToken))
        {
            return audit.Add(AuditEvents.LoginIdReminderRequested, reason: AuditReasons.LimitReached, companyId: first.CompanyId);
        }
        await outbox.EnqueueAsync(first.Id, new EmailRecipient(address, first.DisplayName, culture),
            new LoginIdReminderEmail([.. accounts.Select(a => a.UserName!)]), cancellationToken);
        return audit.Add(AuditEvents.LoginIdReminderRequested, companyId: first.CompanyId, details: $"{accounts.Count} account(s)");
    }

    private Task<bool> WithinLimitsAsync(Guid accountId, string kind, CancellationToken cancellationToken) =>
        options.Value.AllowAnotherAsync(db, accountId, kind, time.GetUtcNow(), cancellationToken);
}

/// <summary>The queue of recovery requests that RecoveryMail works through.</summary>
public sealed class RecoveryRequestConfiguration : IEntityTypeConfiguration<RecoveryRequest>
{
    public void Configure(EntityTypeBuilder<RecoveryRequest> request)
    {
        request.ToTable("RecoveryRequests");
        request.Property(r => r.Kind).HasMaxLength(32);
        request.Property(r => r.ProtectedTarget).HasMaxLength(2000);
        request.Property(r => r.Culture).HasMaxLength(8);
        request.Property(r => r.IpAddress).HasMaxLength(64);
        request.Property(r => r.UserAgent).HasMaxLength(512);
        request.Property(r => r.ReturnUrl).HasMaxLength(RecoveryMail.MaxReturnUrlLength);
    }
}
