using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>A passkey as its owner and the admins see it; <see cref="Id"/> is the credential ID in base64url.</summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Synced);

/// <summary>What a change to one passkey came to.</summary>
public enum PasskeyChange
{
    Done,
    NotFound,
    /// <summary>The name is empty or too long (<see cref="EmployeePasskeys.MaxNameLength"/>).</summary>
    BadName,
    /// <summary>The account already holds <see cref="EmployeePasskeys.MaxPerAccount"/> passkeys.</summary>
    TooMany,
}

/// <summary>
/// The account operations on an employee's passkeys (decision 0030), through Identity's passkey store: add, rename,
/// remove one, remove all. Each is audited in the same save, and adding or removing one tells the employee by email, as
/// mature providers do, so that a passkey added by someone else does not go unnoticed. None of them changes the
/// security stamp: the session that made the change stays signed in.
/// </summary>
public sealed class EmployeePasskeys(UserManager<HarmonyUser> users, HarmonyDbContext db, AuditLog audit, IEmployeeNotifier notifier, TimeProvider time)
{
    public const int MaxNameLength = 64;
    public const int MaxPerAccount = 20;

    public async Task<IReadOnlyList<PasskeyView>> ListAsync(HarmonyUser user)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        var lastUses = await LastUsesAsync(user.Id, passkeys);
        return passkeys.OrderBy(p => p.CreatedAt).Select(p =>
        {
            var id = WebEncoders.Base64UrlEncode(p.CredentialId);
            return new PasskeyView(id, p.Name ?? "", p.CreatedAt, lastUses.TryGetValue(id, out var used) ? used : null, p.IsBackupEligible);
        }).ToList();
    }

    public Task<int> CountAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.UserPasskeys.CountAsync(p => p.UserId == userId, cancellationToken);

    /// <summary>Stores a passkey the employee has just created (an attestation that succeeded), under <paramref name="name"/>.</summary>
    public async Task<PasskeyChange> AddAsync(HarmonyUser user, UserPasskeyInfo passkey, string? name, CancellationToken cancellationToken = default)
    {
        var cleanName = string.IsNullOrWhiteSpace(name) ? DefaultName() : CleanName(name);
        if (cleanName is null) return PasskeyChange.BadName;
        if (await CountAsync(user.Id, cancellationToken) >= MaxPerAccount) return PasskeyChange.TooMany;
        passkey.Name = cleanName;
        audit.Add(AuditEvents.PasskeyAdded, user, details: Describe(passkey));
        await notifier.QueuePasskeyNoticeAsync(user, added: true, cleanName, cancellationToken);
        return Stored(await users.AddOrUpdatePasskeyAsync(user, passkey));
    }

    public async Task<PasskeyChange> RenameAsync(HarmonyUser user, string id, string? name, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(user, id) is not { } passkey) return PasskeyChange.NotFound;
        if (CleanName(name) is not { } cleanName) return PasskeyChange.BadName;
        if (cleanName == passkey.Name) return PasskeyChange.Done;
        audit.Add(AuditEvents.PasskeyRenamed, user, details: $"{Fingerprint(passkey.CredentialId)} \"{passkey.Name}\" → \"{cleanName}\"");
        passkey.Name = cleanName;
        return Stored(await users.AddOrUpdatePasskeyAsync(user, passkey));
    }

    /// <summary>The employee removes one of their passkeys.</summary>
    public async Task<PasskeyChange> RemoveAsync(HarmonyUser user, string id, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(user, id) is not { } passkey) return PasskeyChange.NotFound;
        audit.Add(AuditEvents.PasskeyRemoved, user, details: Describe(passkey));
        await notifier.QueuePasskeyNoticeAsync(user, added: false, passkey.Name ?? "", cancellationToken);
        return Stored(await users.RemovePasskeyAsync(user, passkey.CredentialId));
    }

    /// <summary>
    /// Removes every passkey of the account in the caller's save: a representative's "lost device" (<paramref name="notify"/>,
    /// the employee is told), or a reissue, whose new temporary credentials replace every credential the account had.
    /// </summary>
    public async Task<int> RemoveAllAsync(HarmonyUser user, string reason, string actor, bool notify, CancellationToken cancellationToken = default)
    {
        var passkeys = await db.UserPasskeys.Where(p => p.UserId == user.Id).ToListAsync(cancellationToken);
        if (passkeys.Count == 0) return 0;
        db.UserPasskeys.RemoveRange(passkeys);
        audit.Add(AuditEvents.PasskeyRemoved, user, reason, actor: actor, details: $"all ({passkeys.Count})");
        if (notify) await notifier.QueuePasskeyNoticeAsync(user, added: false, null, cancellationToken);
        return passkeys.Count;
    }

    /// <summary>The name as it is stored: trimmed, control characters out; null when nothing is left or it is too long.</summary>
    public static string? CleanName(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length is > 0 and <= MaxNameLength ? clean : null;
    }

    /// <summary>A short, stable, non-secret label of a credential for the audit log: the first bytes of its ID's hash.</summary>
    public static string Fingerprint(byte[] credentialId) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(credentialId))[..12].ToLowerInvariant();

    /// <summary>The <c>amr</c> value of a sign-in with this passkey (RFC 8176): a synced (backup-eligible) one is software, the rest hardware-bound.</summary>
    public static string MethodOf(UserPasskeyInfo passkey) =>
        passkey.IsBackupEligible ? AuthenticationMethods.SoftwareKey : AuthenticationMethods.HardwareKey;

    /// <summary>The store refuses only what cannot happen here (a passkey of another account): that is a bug, not an answer.</summary>
    private static PasskeyChange Stored(IdentityResult result) => result.Succeeded
        ? PasskeyChange.Done
        : throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));

    private async Task<UserPasskeyInfo?> FindAsync(HarmonyUser user, string id)
    {
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id ?? "");
        }
        catch (FormatException)
        {
            return null;
        }
        return credentialId.Length is 0 or > 1023 ? null : await users.GetPasskeyAsync(user, credentialId);
    }

    /// <summary>
    /// When each passkey last signed in, from the audit log (a passkey sign-in records the passkey's fingerprint): per
    /// passkey (at most <see cref="MaxPerAccount"/>), the account's sign-ins walked newest first until one names it. A
    /// passkey never used walks the account's whole sign-in history, which stays small per account.
    /// </summary>
    private async Task<Dictionary<string, DateTimeOffset>> LastUsesAsync(Guid userId, IList<UserPasskeyInfo> passkeys)
    {
        var result = new Dictionary<string, DateTimeOffset>();
        foreach (var passkey in passkeys)
        {
            var marker = PasskeyDetail + Fingerprint(passkey.CredentialId);
            var last = await db.AuditEvents.AsNoTracking()
                .Where(a => a.UserId == userId && a.Event == AuditEvents.SignInSucceeded && a.Details != null && a.Details.Contains(marker))
                .OrderByDescending(a => a.OccurredAt)
                .Select(a => (DateTimeOffset?)a.OccurredAt)
                .FirstOrDefaultAsync();
            if (last is { } at) result[WebEncoders.Base64UrlEncode(passkey.CredentialId)] = at;
        }
        return result;
    }

    /// <summary>What a passkey sign-in writes in its audit details, before the fingerprint.</summary>
    public const string PasskeyDetail = "passkey ";

    private static string Describe(UserPasskeyInfo passkey) =>
        $"{Fingerprint(passkey.CredentialId)} \"{passkey.Name}\" {(passkey.IsBackupEligible ? "synced" : "device-bound")}";

    private string? DefaultName() =>
        CleanName("Passkey " + time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
