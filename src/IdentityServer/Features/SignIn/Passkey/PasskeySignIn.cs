using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// A passkey sign-in's verdict: <see cref="Method"/> (<c>hwk</c> or <c>swk</c>) when the authenticator's assertion was
/// accepted, then <see cref="Result"/> says what <see cref="AccountGate"/> makes of the account, exactly as after a
/// right password. Without a method the passkey itself was not accepted (or the attempt was throttled).
/// </summary>
public sealed record PasskeyVerdict(PasswordSignInResult Result, string? Method = null, string? Fingerprint = null);

/// <summary>
/// Checks the response of <c>navigator.credentials.get()</c> to the options this browser was given (Identity's passkey
/// handler: challenge, origin, RP ID, signature, user verification, sign count) and decides what the person sees. The
/// attempts are limited by <see cref="SignInAttemptThrottle"/> per credential, like a login ID's, and every failure is
/// audited, up to <see cref="PasskeyRejectionThrottle"/>'s bound per client address. Decision 0030.
/// </summary>
public sealed class PasskeySignIn(
    SignInManager<HarmonyUser> signIn,
    UserManager<HarmonyUser> users,
    SignInAttemptThrottle throttle,
    PasskeyRejectionThrottle rejections,
    IHttpContextAccessor http,
    AccountGate gate,
    HarmonyDbContext db,
    AuditLog audit)
{
    /// <summary>A credential JSON longer than this is refused unread (a real one is well under 4 KB).</summary>
    public const int MaxCredentialLength = 16 * 1024;

    public const string RejectedReason = "PasskeyRejected";

    /// <summary>The request options for a discoverable credential (no login ID asked), remembered for this browser.</summary>
    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(user: null);

    public async Task<PasskeyVerdict> CheckAsync(string? credentialJson, string? clientId, CancellationToken cancellationToken = default)
    {
        var credentialId = CredentialIdOf(credentialJson);
        if (credentialId is null) return await RejectedAsync(null, clientId, cancellationToken);
        // Keyed apart from login IDs, so that a credential and a login ID that happen to be spelt alike do not share a window.
        if (!throttle.TryAcquire("passkey:" + credentialId)) return new(new(PasswordSignInStatus.TooManyAttempts));

        PasskeyAssertionResult<HarmonyUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson!);
        }
        catch (InvalidOperationException)
        {
            // No options were given to this browser (or they were used already): nothing to check the answer against.
            return await RejectedAsync(credentialId, clientId, cancellationToken);
        }
        if (!assertion.Succeeded) return await RejectedAsync(credentialId, clientId, cancellationToken);

        var user = assertion.User;
        // The new sign count and flags, as the handler read them from this assertion.
        var stored = await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        if (!stored.Succeeded) return await RejectedAsync(credentialId, clientId, cancellationToken);

        var (policy, company) = await db.SignInFactsOfAsync(user.CompanyId, cancellationToken);
        var result = await PasswordSignIn.GateAsync(gate, audit, user, policy, company, clientId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new(result, EmployeePasskeys.MethodOf(assertion.Passkey), EmployeePasskeys.Fingerprint(assertion.Passkey.CredentialId));
    }

    /// <summary>The failure audited, on the account the credential names when it names one (the credential was not accepted).</summary>
    private async Task<PasskeyVerdict> RejectedAsync(string? credentialId, string? clientId, CancellationToken cancellationToken)
    {
        // An address that keeps sending answers that are not accepted gets no more lookups and audit rows for a while.
        if (!rejections.TryAcquire(http.HttpContext)) return new(new(PasswordSignInStatus.TooManyAttempts));
        HarmonyUser? owner = null;
        byte[]? rawId = null;
        if (credentialId is not null)
        {
            try
            {
                rawId = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(credentialId);
            }
            catch (FormatException)
            {
            }
        }
        if (rawId is { Length: > 0 and <= 1023 }) owner = await users.FindByPasskeyIdAsync(rawId);
        audit.Add(AuditEvents.SignInFailed, owner, RejectedReason, clientId,
            details: rawId is { Length: > 0 } ? EmployeePasskeys.PasskeyDetail + EmployeePasskeys.Fingerprint(rawId) : null);
        await db.SaveChangesAsync(cancellationToken);
        return new(new(PasswordSignInStatus.InvalidCredentials, owner));
    }

    /// <summary>The credential's <c>id</c> (base64url) from the browser's JSON, or null when it is not such a JSON.</summary>
    private static string? CredentialIdOf(string? json)
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaxCredentialLength) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String &&
                   id.GetString() is { Length: > 0 and <= 1400 } value
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
