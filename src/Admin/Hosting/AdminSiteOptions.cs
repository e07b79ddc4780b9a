using System.ComponentModel.DataAnnotations;

namespace Harmony.Identity.Admin.Hosting;

/// <summary>Settings of the admin site itself (section <c>Admin</c>).</summary>
public sealed class AdminSiteOptions
{
    public const string Section = "Admin";

    /// <summary>The time zone in which the site shows and reads times (IANA or Windows ID); admins work in Japan.</summary>
    [Required]
    public string DisplayTimeZone { get; set; } = "Asia/Tokyo";

    /// <summary>How long an admin's session lasts without a request before they must sign in again.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// The site's public URL, the root of a host, e.g. <c>https://admin.example.com/</c> (the site has no path base): the
    /// return addresses it gives the identity server (<c>signin-oidc</c>, <c>signout-callback-oidc</c>) are built on it,
    /// never on the request's <c>Host</c>, and outside Development only its host is served (plus <c>AllowedHosts</c>, for
    /// health checks: a sign-in begun on another host cannot finish, its cookies being that host's). Required outside
    /// Development.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The configuration key of <see cref="PublicBaseUrl"/>, for what reads it before the options exist.</summary>
    public const string PublicBaseUrlKey = Section + ":" + nameof(PublicBaseUrl);

    /// <summary>Unset, or an absolute http(s) URL of a host's root: no path, query, fragment or user name.</summary>
    public static bool IsSiteRoot(Uri? url) =>
        url is null ||
        url is { IsAbsoluteUri: true, Scheme: "https" or "http", AbsolutePath: "/", Query: "", Fragment: "", UserInfo: "" };

    /// <summary><paramref name="path"/> (<c>/signin-oidc</c>) on <see cref="PublicBaseUrl"/>, or null without one.</summary>
    public string? PublicUrlOf(PathString path) =>
        PublicBaseUrl is { IsAbsoluteUri: true } root ? new Uri(root, path.Value ?? "/").AbsoluteUri : null;

    /// <summary>
    /// Optional folder for the data-protection keys (cookies), for one node, or several sharing the folder; ignored when
    /// <c>Admin:DataProtection:ConnectionString</c> keeps them in a database (<see cref="KeyRingOptions"/>).
    /// </summary>
    public string? KeysFolder { get; set; }
}
