using Microsoft.AspNetCore.Http.HttpResults;

namespace Harmony.Identity.Web;

/// <summary>Return URLs that stay on this site.</summary>
public static class LocalUrl
{
    /// <summary>
    /// The framework's check (it also refuses control characters: browsers drop a tab, so "/\t/evil.example" would
    /// become "//evil.example"), and a plain path: the "~/" form means nothing to a browser.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && RedirectHttpResult.IsLocalUrl(url);

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";

    /// <summary>The URL when it is local, else null (nowhere to go back to).</summary>
    public static string? OrNull(string? url) => IsLocal(url) ? url : null;
}
