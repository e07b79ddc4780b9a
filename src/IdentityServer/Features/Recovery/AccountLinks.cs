using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>What an emailed account link proves: the account, its security stamp when the link was made, and until when it holds.</summary>
public sealed record AccountLinkTicket(Guid UserId, string Stamp, DateTimeOffset ExpiresAt);

/// <summary>
/// The links that act on an account without a sign-in (password reset, unlock): the ticket is protected with the key
/// ring under the link's own purpose, so nothing is stored and a link made for one purpose is worthless for another.
/// Reading checks only the protection and the expiry; each kind of link then checks what else binds it.
/// </summary>
public sealed class AccountLinks(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public string Create(string purpose, AccountLinkTicket ticket) =>
        dataProtection.CreateProtector(purpose).Protect(JsonSerializer.Serialize(ticket));

    /// <summary>The ticket, or null when the token is not one of ours (for this purpose) or has expired.</summary>
    public AccountLinkTicket? Read(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        AccountLinkTicket? ticket;
        try
        {
            ticket = JsonSerializer.Deserialize<AccountLinkTicket>(dataProtection.CreateProtector(purpose).Unprotect(token));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
        return ticket is null || ticket.ExpiresAt <= time.GetUtcNow() ? null : ticket;
    }
}
