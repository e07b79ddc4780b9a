using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// Password reset links (PRODUCT §6): valid 30 minutes, bound to the account's security stamp, so a link dies once
/// it is used or once the password changes in any other way. Nothing is stored: the link carries its own proof.
/// </summary>
public sealed class PasswordResetLinks(IDataProtectionProvider dataProtection, UserManager<HarmonyUser> users, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly IDataProtector protector = dataProtection.CreateProtector("Harmony.Recovery.PasswordReset.v1");

    public (string Token, DateTimeOffset ExpiresAt) Create(HarmonyUser user)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        return (protector.Protect(JsonSerializer.Serialize(new Ticket(user.Id, user.SecurityStamp ?? "", expiresAt))), expiresAt);
    }

    /// <summary>The account the link resets, or null when the link is unknown, expired or already spent.</summary>
    public async Task<HarmonyUser?> FindAsync(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        Ticket? ticket;
        try
        {
            ticket = JsonSerializer.Deserialize<Ticket>(protector.Unprotect(token));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
        if (ticket is null || ticket.ExpiresAt <= time.GetUtcNow()) return null;

        var user = await users.FindByIdAsync(ticket.UserId.ToString());
        return user is { IsSuspended: false, CredentialKind: CredentialKind.Permanent } && user.SecurityStamp == ticket.Stamp ? user : null;
    }

    private sealed record Ticket(Guid UserId, string Stamp, DateTimeOffset ExpiresAt);
}
