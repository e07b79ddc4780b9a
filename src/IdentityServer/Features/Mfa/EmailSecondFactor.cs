using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Audit;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Harmony.Identity.Server.Features.Mfa;

public enum CodeIssue
{
    Sent,
    TooSoon,
    AddressRestricted,
    NoAddress,
}

public enum CodeCheck
{
    Accepted,
    Wrong,
    /// <summary>Too many wrong codes: the code is void and the person starts again at the login page.</summary>
    Exhausted,
    /// <summary>No live code (expired, used or replaced): ask for a new one.</summary>
    Expired,
}

/// <summary>
/// The email second factor (PRODUCT §5): a 6-digit code valid 10 minutes, single use, replaced by a new one,
/// resent after 60 seconds at the earliest; wrong codes are counted apart from wrong passwords and five of them
/// void the code. Only a keyed hash of the code is stored.
/// </summary>
public sealed class EmailSecondFactor(
    HarmonyDbContext db,
    IEmailOutbox outbox,
    IEmailRestrictions restrictions,
    ServerSecrets secrets,
    AuditLog audit,
    TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ResendDelay = TimeSpan.FromSeconds(60);
    public const int MaxWrongCodes = 5;

    /// <summary>Sends a new code (replacing the old one), unless one was sent less than a minute ago.</summary>
    public async Task<(CodeIssue Result, TimeSpan Wait)> IssueAsync(HarmonyUser user, string culture, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(user.Email)) return (CodeIssue.NoAddress, TimeSpan.Zero);
        if (await restrictions.IsRestrictedAsync(user.Email, cancellationToken)) return (CodeIssue.AddressRestricted, TimeSpan.Zero);

        var now = time.GetUtcNow();
        var challenge = await db.SecondFactorChallenges.SingleOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        if (challenge is not null && now - challenge.IssuedAt < ResendDelay)
        {
            return (CodeIssue.TooSoon, ResendDelay - (now - challenge.IssuedAt));
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var hash = await HashAsync(user.Id, code, cancellationToken);
        if (challenge is null)
        {
            db.SecondFactorChallenges.Add(new SecondFactorChallenge { UserId = user.Id, CodeHash = hash, IssuedAt = now, ExpiresAt = now + CodeLifetime });
        }
        else
        {
            challenge.CodeHash = hash;
            challenge.IssuedAt = now;
            challenge.ExpiresAt = now + CodeLifetime;
        }
        await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email, user.DisplayName, culture),
            new SecondFactorCodeEmail(code, now + CodeLifetime), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (CodeIssue.Sent, TimeSpan.Zero);
    }

    public async Task<CodeCheck> VerifyAsync(HarmonyUser user, string? code, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var challenge = await db.SecondFactorChallenges.SingleOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        if (challenge is null || challenge.ExpiresAt <= now) return CodeCheck.Expired;

        var typed = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        var expected = Convert.FromHexString(challenge.CodeHash);
        var actual = Convert.FromHexString(await HashAsync(user.Id, typed, cancellationToken));
        if (typed.Length == 6 && CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            db.SecondFactorChallenges.Remove(challenge);
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecondFactorFailedCount, 0), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return CodeCheck.Accepted;
        }

        // Atomic, like the password count: parallel guesses each count.
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecondFactorFailedCount, u => u.SecondFactorFailedCount + 1), cancellationToken);
        var failures = await db.Users.Where(u => u.Id == user.Id).Select(u => u.SecondFactorFailedCount).SingleAsync(cancellationToken);
        audit.Add(AuditEvents.SecondFactorFailed, user, details: $"wrong code {failures}");
        if (failures >= MaxWrongCodes)
        {
            db.SecondFactorChallenges.Remove(challenge);
            await db.SaveChangesAsync(cancellationToken);
            return CodeCheck.Exhausted;
        }
        await db.SaveChangesAsync(cancellationToken);
        return CodeCheck.Wrong;
    }

    private async Task<string> HashAsync(Guid userId, string code, CancellationToken cancellationToken)
    {
        var key = await secrets.GetAsync(ServerSecrets.SecondFactorCodeKey, cancellationToken);
        return Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{userId:N}:{code}")));
    }
}
