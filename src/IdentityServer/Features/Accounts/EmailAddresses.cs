namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>Addresses as the restriction table keys them, and as logs may show them.</summary>
public static class EmailAddresses
{
    /// <summary>Trimmed and upper-cased (invariant), like ASP.NET Core Identity's <c>NormalizedEmail</c>.</summary>
    public static string Normalize(string address) => address.Trim().ToUpperInvariant();

    /// <summary>"t***@example.com": enough for an operator to tell addresses apart, not enough to harvest them.</summary>
    public static string Mask(string address)
    {
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        return at <= 0 ? "***" : trimmed[0] + "***" + trimmed[at..];
    }
}
