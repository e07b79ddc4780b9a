using System.Security.Cryptography;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The counting of second-factor guesses that every kind of code shares (decision 0011): the server-side challenge an
/// accepted password opens, one attempt claimed before each comparison, the fifth wrong code voiding the challenge, a
/// right one deleting it (single use). The email code and the authenticator app differ only in how a code is compared.
/// </summary>
public sealed class SecondFactorAttempts(HarmonyDbContext db, AuditLog audit, TimeProvider time, HarmonyMetrics metrics)
{
    public const int MaxWrongCodes = 5;

    /// <summary>
    /// A new challenge with no emailed code (the authenticator app), replacing any earlier one: fresh attempts, a new
    /// id for the pending cookie, open for <paramref name="lifetime"/>.
    /// </summary>
    public async Task<string> OpenAsync(HarmonyUser user, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var challengeId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var challenge = await db.SecondFactorChallenges.SingleOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        if (challenge is null)
        {
            challenge = new SecondFactorChallenge { UserId = user.Id, ChallengeId = challengeId, CodeHash = "" };
            db.SecondFactorChallenges.Add(challenge);
        }
        challenge.ChallengeId = challengeId;
        challenge.AttemptCount = 0;
        challenge.CodeHash = "";
        challenge.IssuedAt = now;
        challenge.ExpiresAt = now + lifetime;
        await db.SaveChangesAsync(cancellationToken);
        return challengeId;
    }

    /// <summary>Whether the pending sign-in's challenge can still be answered (not exhausted, passed or replaced).</summary>
    public Task<bool> IsOpenAsync(HarmonyUser user, string? challengeId, CancellationToken cancellationToken = default) =>
        challengeId is null
            ? Task.FromResult(false)
            : db.SecondFactorChallenges.AnyAsync(c => c.UserId == user.Id && c.ChallengeId == challengeId && c.AttemptCount < MaxWrongCodes, cancellationToken);

    /// <summary>
    /// One guess against the challenge: counted first (one guarded UPDATE, so a parallel burst gets five comparisons at
    /// most), then compared by <paramref name="matches"/>; a match deletes the challenge, whoever deletes it first wins.
    /// </summary>
    public async Task<CodeCheck> CheckAsync(HarmonyUser user, string? challengeId,
        Func<SecondFactorChallenge, CancellationToken, Task<bool>> matches, CancellationToken cancellationToken = default)
    {
        if (challengeId is null) return CodeCheck.NoChallenge;
        var now = time.GetUtcNow();
        var mine = db.SecondFactorChallenges.Where(c => c.UserId == user.Id && c.ChallengeId == challengeId);

        var counted = await mine.Where(c => c.AttemptCount < MaxWrongCodes && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AttemptCount, c => c.AttemptCount + 1), cancellationToken);
        var challenge = await mine.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (challenge is null) return CodeCheck.NoChallenge;
        if (counted == 0)
        {
            return challenge.AttemptCount >= MaxWrongCodes ? await ExhaustAsync(user, mine, cancellationToken) : CodeCheck.Expired;
        }

        if (await matches(challenge, cancellationToken))
        {
            if (await mine.ExecuteDeleteAsync(cancellationToken) == 0) return CodeCheck.NoChallenge;
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecondFactorFailedCount, 0), cancellationToken);
            return CodeCheck.Accepted;
        }

        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecondFactorFailedCount, u => u.SecondFactorFailedCount + 1), cancellationToken);
        audit.Add(AuditEvents.SecondFactorFailed, user, AuditReasons.WrongCode, details: $"wrong code {challenge.AttemptCount} of {MaxWrongCodes}");
        metrics.SecondFactorFailed(AuditReasons.WrongCode);
        await db.SaveChangesAsync(cancellationToken);
        return challenge.AttemptCount >= MaxWrongCodes ? await ExhaustAsync(user, mine, cancellationToken) : CodeCheck.Wrong;
    }

    /// <summary>Voids the challenge on the server: any copy of the pending cookie now opens nothing.</summary>
    private async Task<CodeCheck> ExhaustAsync(HarmonyUser user, IQueryable<SecondFactorChallenge> challenge, CancellationToken cancellationToken)
    {
        if (await challenge.ExecuteDeleteAsync(cancellationToken) > 0)
        {
            await audit.RecordAsync(AuditEvents.SecondFactorFailed, user, AuditReasons.CodeExhausted, cancellationToken: cancellationToken);
            metrics.SecondFactorFailed(AuditReasons.CodeExhausted);
        }
        return CodeCheck.Exhausted;
    }
}
