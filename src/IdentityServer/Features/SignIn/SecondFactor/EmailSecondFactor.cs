using System.Security.Cryptography;
using System.Text;
using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Server.Features.SignIn;

public enum CodeIssue
{
    Sent,
    TooSoon,
    AddressRestricted,
    NoAddress,
    /// <summary>The account was sent as many codes as the hourly or daily limit allows.</summary>
    LimitReached,
    /// <summary>The challenge is gone (exhausted, passed, or replaced by a newer password step).</summary>
    NoChallenge,
}

public enum CodeCheck
{
    Accepted,
    Wrong,
    /// <summary>Too many wrong codes: the challenge is void and the person starts again at the login page.</summary>
    Exhausted,
    /// <summary>No live code (expired): ask for a new one.</summary>
    Expired,
    /// <summary>The challenge is gone (exhausted, passed, or replaced): the pending sign-in is dead.</summary>
    NoChallenge,
}

/// <summary>What starting a challenge gave: its id, to be carried by the pending sign-in, when a code was sent.</summary>
public sealed record ChallengeStart(CodeIssue Result, string? ChallengeId);

/// <summary>
/// The email second factor (PRODUCT §5): a 6-digit code valid 10 minutes, single use, replaced by a new one,
/// resent after 60 seconds at the earliest. Each accepted password starts a challenge with a random id that the
/// pending sign-in carries; five codes tried against it void it on the server, so no saved cookie can reopen it.
/// Codes sent to an account are limited per hour and per day (counted in the outbox). Only a keyed hash of the code
/// is stored.
/// </summary>
public sealed class EmailSecondFactor(
    HarmonyDbContext db,
    IEmailOutbox outbox,
    IEmailRestrictions restrictions,
    ServerSecrets secrets,
    SecondFactorAttempts attempts,
    AuditLog audit,
    TimeProvider time,
    HarmonyMetrics metrics,
    IOptions<SignInOptions> options)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ResendDelay = TimeSpan.FromSeconds(60);
    public const int MaxWrongCodes = SecondFactorAttempts.MaxWrongCodes;

    /// <summary>
    /// After an accepted password: a new challenge (fresh attempts, a new code) replacing any earlier one, whose
    /// pending cookies die with it. Not when the address cannot receive it or the account's code limit is reached.
    /// </summary>
    public async Task<ChallengeStart> StartAsync(HarmonyUser user, string culture, CancellationToken cancellationToken = default)
    {
        var refusal = await RefusalAsync(user, cancellationToken);
        if (refusal is not null)
        {
            if (refusal == CodeIssue.LimitReached) await LimitReachedAsync(user, cancellationToken);
            return new(refusal.Value, null);
        }

        var now = time.GetUtcNow();
        var challengeId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var code = NewCode();
        var hash = await HashAsync(user.Id, code, cancellationToken);
        var challenge = await db.SecondFactorChallenges.SingleOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        if (challenge is null)
        {
            challenge = new SecondFactorChallenge { UserId = user.Id, ChallengeId = challengeId, CodeHash = hash };
            db.SecondFactorChallenges.Add(challenge);
        }
        challenge.ChallengeId = challengeId;
        challenge.AttemptCount = 0;
        challenge.CodeHash = hash;
        challenge.IssuedAt = now;
        challenge.ExpiresAt = now + CodeLifetime;
        await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email!, user.DisplayName, culture),
            new SecondFactorCodeEmail(code, now + CodeLifetime), cancellationToken);
        audit.Add(AuditEvents.SecondFactorCodeSent, user, details: "new challenge");
        if (!await TrySaveAsync(cancellationToken)) return new(CodeIssue.TooSoon, null);
        return new(CodeIssue.Sent, challengeId);
    }

    /// <summary>A new code for the same challenge (the attempts already made still count), a minute after the last.</summary>
    public async Task<(CodeIssue Result, TimeSpan Wait)> ResendAsync(HarmonyUser user, string? challengeId, string culture,
        CancellationToken cancellationToken = default)
    {
        var challenge = challengeId is null ? null : await db.SecondFactorChallenges
            .SingleOrDefaultAsync(c => c.UserId == user.Id && c.ChallengeId == challengeId && c.AttemptCount < MaxWrongCodes, cancellationToken);
        if (challenge is null) return (CodeIssue.NoChallenge, TimeSpan.Zero);

        var now = time.GetUtcNow();
        if (now - challenge.IssuedAt < ResendDelay) return (CodeIssue.TooSoon, ResendDelay - (now - challenge.IssuedAt));
        var refusal = await RefusalAsync(user, cancellationToken);
        if (refusal is not null)
        {
            if (refusal == CodeIssue.LimitReached) await LimitReachedAsync(user, cancellationToken);
            return (refusal.Value, TimeSpan.Zero);
        }

        var code = NewCode();
        challenge.CodeHash = await HashAsync(user.Id, code, cancellationToken);
        challenge.IssuedAt = now;
        challenge.ExpiresAt = now + CodeLifetime;
        await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email!, user.DisplayName, culture),
            new SecondFactorCodeEmail(code, now + CodeLifetime), cancellationToken);
        audit.Add(AuditEvents.SecondFactorCodeSent, user, details: "resend");
        // Parallel resends race on IssuedAt (a concurrency token): one sends, the others were too soon.
        return await TrySaveAsync(cancellationToken) ? (CodeIssue.Sent, TimeSpan.Zero) : (CodeIssue.TooSoon, ResendDelay);
    }

    /// <summary>Whether the pending sign-in's challenge can still be answered (not exhausted, passed or replaced).</summary>
    public Task<bool> IsOpenAsync(HarmonyUser user, string? challengeId, CancellationToken cancellationToken = default) =>
        attempts.IsOpenAsync(user, challengeId, cancellationToken);

    /// <summary>One guess, counted on the challenge before the keyed hash of the code is compared.</summary>
    public Task<CodeCheck> VerifyAsync(HarmonyUser user, string? challengeId, string? code, CancellationToken cancellationToken = default) =>
        attempts.CheckAsync(user, challengeId, async (challenge, ct) =>
        {
            var typed = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
            var expected = Convert.FromHexString(challenge.CodeHash);
            var actual = Convert.FromHexString(await HashAsync(user.Id, typed, ct));
            return typed.Length == 6 && CryptographicOperations.FixedTimeEquals(expected, actual);
        }, cancellationToken);

    private async Task LimitReachedAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(AuditEvents.SecondFactorFailed, user, AuditReasons.CodeLimit, cancellationToken: cancellationToken);
        metrics.SecondFactorFailed(AuditReasons.CodeLimit);
    }

    /// <summary>Why no code may be sent now, or null. The limits count the outbox, which every node shares.</summary>
    private async Task<CodeIssue?> RefusalAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user.Email)) return CodeIssue.NoAddress;
        if (await restrictions.IsRestrictedAsync(user.Email, cancellationToken)) return CodeIssue.AddressRestricted;

        var limits = options.Value;
        var sent = await db.SentAsync(user.Id, SecondFactorCodeEmail.OutboxKind, time.GetUtcNow(), TimeSpan.FromHours(1), cancellationToken);
        return sent.LastDay >= limits.CodesPerDay || sent.Window >= limits.CodesPerHour ? CodeIssue.LimitReached : null;
    }

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request replaced or resent this challenge first (or inserted the account's row): nothing sent.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private async Task<string> HashAsync(Guid userId, string code, CancellationToken cancellationToken)
    {
        var key = await secrets.GetAsync(ServerSecrets.SecondFactorCodeKey, cancellationToken);
        return Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{userId:N}:{code}")));
    }
}

/// <summary>One pending challenge per account.</summary>
public sealed class SecondFactorChallengeConfiguration : IEntityTypeConfiguration<SecondFactorChallenge>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<SecondFactorChallenge> challenge)
    {
        challenge.ToTable("SecondFactorChallenges");
        challenge.HasKey(c => c.UserId);
        challenge.Property(c => c.CodeHash).HasMaxLength(128);
        challenge.Property(c => c.ChallengeId).HasMaxLength(32);
        // Two requests that replace or resend the same challenge at once: one wins, the other sends nothing.
        challenge.Property(c => c.IssuedAt).IsConcurrencyToken();
        challenge.HasOne<HarmonyUser>().WithOne().HasForeignKey<SecondFactorChallenge>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
