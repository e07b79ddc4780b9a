using System.Security.Cryptography;
using System.Text;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.DataProtection;
using QRCoder;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>Settings under <c>Harmony:Authenticator</c>.</summary>
public sealed class AuthenticatorOptions
{
    public const string Section = "Harmony:Authenticator";

    /// <summary>The issuer name the authenticator app shows beside the account (the login ID).</summary>
    public string Issuer { get; set; } = "Harmony";
}

/// <summary>An authenticator being set up: what the page shows, and the protected token that carries the key to the confirmation.</summary>
public sealed record AuthenticatorEnrolment(string Token, string Key, string Issuer, string Account, string QrCodeDataUri)
{
    public string GroupedKey => Totp.Grouped(Key);
}

/// <summary>Whether an account has an authenticator, since when, and how many recovery codes are unused.</summary>
public sealed record AuthenticatorStatus(DateTimeOffset EnrolledAt, int RecoveryCodesLeft);

/// <summary>
/// The authenticator app second factor (decision 0029): enrolment with a QR code and a manual key, confirmed by one
/// code; ten single-use recovery codes, only their keyed hashes stored; codes checked once per time step; removal.
/// The key is protected with data protection at rest and only ever shown on the enrolment page.
/// </summary>
public sealed class Authenticators(
    HarmonyDbContext db,
    IDataProtectionProvider dataProtection,
    ServerSecrets secrets,
    AuditLog audit,
    IEmailOutbox outbox,
    TimeProvider time,
    IOptions<AuthenticatorOptions> options)
{
    public const int RecoveryCodeCount = 10;
    private const string RecoveryCodeKey = "authenticator-recovery-code-hmac";
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private static readonly TimeSpan EnrolmentLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector keys = dataProtection.CreateProtector("Harmony.Authenticator.Key.v1");
    // The expiry travels inside the payload and is read against our clock (TimeProvider), as the other tokens are.
    private readonly IDataProtector enrolments = dataProtection.CreateProtector("Harmony.Authenticator.Enrolment.v1");

    private IQueryable<UserAuthenticator> Of(Guid userId) => db.Set<UserAuthenticator>().Where(a => a.UserId == userId);

    public Task<bool> IsEnrolledAsync(Guid userId, CancellationToken cancellationToken = default) => Of(userId).AnyAsync(cancellationToken);

    public async Task<AuthenticatorStatus?> StatusAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var enrolledAt = await Of(userId).Select(a => (DateTimeOffset?)a.EnrolledAt).SingleOrDefaultAsync(cancellationToken);
        if (enrolledAt is null) return null;
        var left = await db.Set<AuthenticatorRecoveryCode>().CountAsync(c => c.UserId == userId && c.UsedAt == null, cancellationToken);
        return new(enrolledAt.Value, left);
    }

    /// <summary>A new key to set up; nothing is stored until a code from it is confirmed.</summary>
    public AuthenticatorEnrolment Begin(HarmonyUser user)
    {
        var key = Totp.ToBase32(Totp.NewKey());
        var expiresAt = (time.GetUtcNow() + EnrolmentLifetime).ToUnixTimeSeconds();
        var token = enrolments.Protect($"{user.Id:N}:{key}:{expiresAt.ToString(CultureInfo.InvariantCulture)}");
        return Describe(user, token, key);
    }

    /// <summary>The enrolment a form posted back (to show it again after a wrong code), or null when it is not this account's or has expired.</summary>
    public AuthenticatorEnrolment? Resume(HarmonyUser user, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var parts = enrolments.Unprotect(token).Split(':');
            return parts.Length == 3 && parts[0] == user.Id.ToString("N") &&
                   long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expiresAt) && time.GetUtcNow().ToUnixTimeSeconds() < expiresAt
                ? Describe(user, token, parts[1])
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Confirms the enrolment with a code from the app: stores the protected key (replacing an earlier authenticator),
    /// ten new recovery codes, audits and notifies. Returns the recovery codes to show once, or null for a wrong code.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(HarmonyUser user, AuthenticatorEnrolment enrolment, string? code,
        CancellationToken cancellationToken = default)
    {
        var key = Totp.FromBase32(enrolment.Key);
        if (Totp.MatchingStep(key, Totp.DigitsOf(code), time.GetUtcNow()) is not { } step) return null;

        var fresh = await NewRecoveryCodesAsync(user.Id, cancellationToken);
        // One transaction: two confirmations at once (a double click) leave one key and its own ten codes.
        return await db.InTransactionAsync(async ct =>
        {
            var replaced = await Of(user.Id).ExecuteDeleteAsync(ct) > 0;
            db.Set<UserAuthenticator>().Add(new UserAuthenticator
            {
                UserId = user.Id,
                ProtectedKey = keys.Protect(enrolment.Key),
                LastUsedStep = step,
                EnrolledAt = time.GetUtcNow(),
            });
            var codes = await ReplaceRecoveryCodesAsync(user.Id, fresh, ct);
            // Under EmployeeChoice, setting one up is choosing it; the employee may switch back on the page.
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.SecondFactorChoice, SecondFactorChoice.Authenticator), ct);
            audit.Add(AuthenticatorAuditEvents.Added, user, replaced ? AuthenticatorAuditEvents.ReplacedReason : null);
            await NotifyAsync(user, added: true, ct);
            await db.SaveChangesAsync(ct);
            return codes;
        }, cancellationToken);
    }

    /// <summary>A code from the app, accepted once: its time step must be later than the last one accepted.</summary>
    public async Task<bool> VerifyCodeAsync(HarmonyUser user, string? code, CancellationToken cancellationToken = default)
    {
        var row = await Of(user.Id).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (row is null) return false;
        string base32;
        try
        {
            base32 = keys.Unprotect(row.ProtectedKey);
        }
        catch (CryptographicException)
        {
            return false;
        }
        if (Totp.MatchingStep(Totp.FromBase32(base32), Totp.DigitsOf(code), time.GetUtcNow()) is not { } step) return false;
        // No replay: whoever moves LastUsedStep forward to this step is the one whose code counts.
        return await Of(user.Id).Where(a => a.LastUsedStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastUsedStep, step), cancellationToken) == 1;
    }

    /// <summary>One of the recovery codes, marked used by the same UPDATE that accepts it (single use).</summary>
    public async Task<bool> RedeemRecoveryCodeAsync(HarmonyUser user, string? code, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeRecoveryCode(code);
        if (normalized.Length != 10) return false;
        var hash = await HashAsync(user.Id, normalized, cancellationToken);
        var now = time.GetUtcNow();
        var used = await db.Set<AuthenticatorRecoveryCode>()
            .Where(c => c.UserId == user.Id && c.CodeHash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken) == 1;
        if (used)
        {
            audit.Add(AuthenticatorAuditEvents.RecoveryCodeUsed, user);
            await db.SaveChangesAsync(cancellationToken);
        }
        return used;
    }

    /// <summary>Ten new recovery codes, the old ones void; null when the account has no authenticator.</summary>
    public async Task<IReadOnlyList<string>?> RegenerateRecoveryCodesAsync(HarmonyUser user, CancellationToken cancellationToken = default)
    {
        if (!await IsEnrolledAsync(user.Id, cancellationToken)) return null;
        var fresh = await NewRecoveryCodesAsync(user.Id, cancellationToken);
        return await db.InTransactionAsync(async ct =>
        {
            var codes = await ReplaceRecoveryCodesAsync(user.Id, fresh, ct);
            audit.Add(AuthenticatorAuditEvents.RecoveryCodesRegenerated, user);
            await db.SaveChangesAsync(ct);
            return codes;
        }, cancellationToken);
    }

    /// <summary>
    /// Removes the authenticator and its recovery codes (the employee, or an admin for a lost phone when
    /// <paramref name="actor"/> is given); the choice goes back to the email code. False when there was none.
    /// </summary>
    public async Task<bool> RemoveAsync(HarmonyUser user, string? actor, CancellationToken cancellationToken = default)
    {
        return await db.InTransactionAsync(async ct =>
        {
            if (await Of(user.Id).ExecuteDeleteAsync(ct) == 0) return false;
            await db.Set<AuthenticatorRecoveryCode>().Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecondFactorChoice, (SecondFactorChoice?)null), ct);
            audit.Add(AuthenticatorAuditEvents.Removed, user, actor is null ? null : AuditReasons.ByAdmin, actor: actor);
            await NotifyAsync(user, added: false, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Under EmployeeChoice: email or authenticator (only with one enrolled). False when nothing changed.</summary>
    public async Task<bool> ChooseAsync(HarmonyUser user, SecondFactorChoice choice, CancellationToken cancellationToken = default)
    {
        if (choice == SecondFactorChoice.Authenticator && !await IsEnrolledAsync(user.Id, cancellationToken)) return false;
        var current = await db.Users.Where(u => u.Id == user.Id).Select(u => u.SecondFactorChoice).SingleAsync(cancellationToken) ?? SecondFactorChoice.Email;
        if (current == choice) return false;
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecondFactorChoice, (SecondFactorChoice?)choice), cancellationToken);
        audit.Add(AuthenticatorAuditEvents.ChoiceChanged, user, choice.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private AuthenticatorEnrolment Describe(HarmonyUser user, string token, string key)
    {
        var issuer = options.Value.Issuer;
        var account = user.UserName ?? "";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Totp.KeyUri(issuer, account, key), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new(token, key, issuer, account, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Ten new codes and their hashes, made before any transaction (the hash key may be created on first use).</summary>
    private async Task<IReadOnlyList<(string Code, string Hash)>> NewRecoveryCodesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var codes = new List<(string Code, string Hash)>(RecoveryCodeCount);
        while (codes.Count < RecoveryCodeCount)
        {
            var code = new string(Enumerable.Range(0, 10).Select(_ => RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)]).ToArray());
            if (codes.Any(c => c.Code == code)) continue;
            codes.Add((code, await HashAsync(userId, code, cancellationToken)));
        }
        return codes;
    }

    /// <summary>Voids the account's recovery codes and stores <paramref name="fresh"/>; returns them as the page shows them.</summary>
    private async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(Guid userId, IReadOnlyList<(string Code, string Hash)> fresh,
        CancellationToken cancellationToken)
    {
        await db.Set<AuthenticatorRecoveryCode>().Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.Set<AuthenticatorRecoveryCode>().AddRange(fresh.Select(c => new AuthenticatorRecoveryCode { UserId = userId, CodeHash = c.Hash }));
        return fresh.Select(c => $"{c.Code[..5]}-{c.Code[5..]}").ToList();
    }

    private async Task NotifyAsync(HarmonyUser user, bool added, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user.Email)) return;
        await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email, user.DisplayName, user.Locale),
            new AuthenticatorChangedEmail(added, time.GetUtcNow()), cancellationToken);
    }

    private static string NormalizeRecoveryCode(string? typed) =>
        new((typed ?? "").Normalize(NormalizationForm.FormKC).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    private async Task<string> HashAsync(Guid userId, string normalizedCode, CancellationToken cancellationToken)
    {
        var key = await secrets.GetAsync(RecoveryCodeKey, cancellationToken);
        return Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{userId:N}:{normalizedCode}")));
    }
}

/// <summary>The audit events of the authenticator app (decision 0029).</summary>
public static class AuthenticatorAuditEvents
{
    public const string Added = "AuthenticatorAdded";
    public const string Removed = "AuthenticatorRemoved";
    public const string RecoveryCodesRegenerated = "RecoveryCodesRegenerated";
    public const string RecoveryCodeUsed = "RecoveryCodeUsed";
    /// <summary>The reason is the new choice (<c>Email</c> or <c>Authenticator</c>).</summary>
    public const string ChoiceChanged = "SecondFactorChoiceChanged";

    /// <summary>The reason of <see cref="Added"/> when it replaced an earlier authenticator.</summary>
    public const string ReplacedReason = "Replaced";

    /// <summary>Reasons of a passed second factor that was not an email code.</summary>
    public const string AuthenticatorReason = "Authenticator";
    public const string RecoveryCodeReason = "RecoveryCode";
}

/// <summary>"An authenticator app was added to / removed from your account", to the employee's own address.</summary>
public sealed record AuthenticatorChangedEmail(bool Added, DateTimeOffset ChangedAt) : EmailContent
{
    public override string Kind => Added ? "AuthenticatorAdded" : "AuthenticatorRemoved";
}
