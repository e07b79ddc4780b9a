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
    /// Optional folder for the data-protection keys (cookies), for one node, or several sharing the folder; ignored when
    /// <c>Admin:DataProtection:ConnectionString</c> keeps them in a database (<see cref="KeyRingOptions"/>).
    /// </summary>
    public string? KeysFolder { get; set; }
}
