using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// "Remember this browser": a cookie, protected with data protection, naming the account, its security stamp and
/// an expiry. Any change to the account (password, suspension, reissue) changes the stamp and forgets the browser.
/// </summary>
public sealed class RememberedBrowsers(IDataProtectionProvider dataProtection, TimeProvider time)
{
    private readonly IDataProtector protector = dataProtection.CreateProtector("Harmony.Mfa.RememberBrowser.v1");

    public bool IsRemembered(HttpContext context, HarmonyUser user)
    {
        var value = context.Request.Cookies[CookieName(user)];
        if (string.IsNullOrEmpty(value)) return false;
        try
        {
            var ticket = JsonSerializer.Deserialize<Ticket>(protector.Unprotect(value));
            return ticket is not null && ticket.UserId == user.Id && ticket.Stamp == user.SecurityStamp && ticket.ExpiresAt > time.GetUtcNow();
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Remember(HttpContext context, HarmonyUser user, int days)
    {
        var expiresAt = time.GetUtcNow().AddDays(days);
        var value = protector.Protect(JsonSerializer.Serialize(new Ticket(user.Id, user.SecurityStamp ?? "", expiresAt)));
        context.Response.Cookies.Append(CookieName(user), value, new CookieOptions
        {
            Expires = expiresAt,
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });
    }

    // One cookie per account on a shared browser; the name does not reveal the account.
    private static string CookieName(HarmonyUser user) =>
        "harmony.rb." + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(user.Id.ToString())))[..16].ToLowerInvariant();

    private sealed record Ticket(Guid UserId, string Stamp, DateTimeOffset ExpiresAt);
}
