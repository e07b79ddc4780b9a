using System.Globalization;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Admin.Hosting;

/// <summary>Shows instants in the configured time zone, and reads the times an admin types in that zone.</summary>
public sealed class DisplayTime
{
    private readonly TimeZoneInfo zone;

    public DisplayTime(IOptions<AdminSiteOptions> options)
    {
        // A machine without time-zone data still shows Japan time for the default setting.
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(options.Value.DisplayTimeZone, out var found)
            ? found
            : TimeZoneInfo.CreateCustomTimeZone(options.Value.DisplayTimeZone, TimeSpan.FromHours(9), "JST", "JST");
    }

    /// <summary>"2026-04-01 09:30 (UTC+09:00)", or an empty string for no value.</summary>
    public string Format(DateTimeOffset? instant)
    {
        if (instant is null) return "";
        var local = TimeZoneInfo.ConvertTime(instant.Value, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>The value of an <c>input type="datetime-local"</c> for an instant.</summary>
    public string ToInput(DateTimeOffset? instant) =>
        instant is null ? "" : TimeZoneInfo.ConvertTime(instant.Value, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads a local date-time typed by an admin (e.g. from <c>datetime-local</c>) as an instant in the zone.</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
