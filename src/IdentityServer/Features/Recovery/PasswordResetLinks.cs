using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>
/// Password reset links (PRODUCT §6): valid 30 minutes, bound to the account's security stamp, so a link dies once
/// it is used or once the password changes in any other way. Nothing is stored: the link carries its own proof.
/// </summary>
public sealed class PasswordResetLinks(AccountLinks links, UserManager<HarmonyUser> users, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private const string Purpose = "Harmony.Recovery.PasswordReset.v1";

    public (string Token, DateTimeOffset ExpiresAt) Create(HarmonyUser user)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        return (links.Create(Purpose, new AccountLinkTicket(user.Id, user.SecurityStamp ?? "", expiresAt)), expiresAt);
    }

    /// <summary>The account the link resets, or null when the link is unknown, expired or already spent.</summary>
    public async Task<HarmonyUser?> FindAsync(string? token)
    {
        if (links.Read(Purpose, token) is not { } ticket) return null;
        var user = await users.FindByIdAsync(ticket.UserId.ToString());
        return user is { IsSuspended: false, CredentialKind: CredentialKind.Permanent } && user.SecurityStamp == ticket.Stamp ? user : null;
    }
}
