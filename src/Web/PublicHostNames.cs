using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harmony.Identity.Web;

/// <summary>
/// Host filtering for both sites: outside Development a site answers only for the hosts of its public URLs (from
/// configuration), plus any that ASP.NET Core's own <c>AllowedHosts</c> setting adds (<c>;</c>-separated, e.g. the
/// address a load balancer's health check uses), so that a forged <c>Host</c> header is refused (400) before any page
/// can read it. <c>AllowedHosts=*</c> turns the filter off, and so does naming no host at all (which each site's
/// production safety check refuses to start with).
/// </summary>
public static class PublicHostNames
{
    public const string AllowedHostsKey = "AllowedHosts";

    /// <summary>The hosts to allow, or null for any host (Development, <c>AllowedHosts=*</c>, or none named).</summary>
    public static List<string>? Of(IEnumerable<Uri?> publicUrls, IConfiguration configuration, IHostEnvironment environment)
    {
        var added = (configuration[AllowedHostsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (environment.IsDevelopment() || added.Contains("*")) return null;
        List<string> hosts = [.. publicUrls.Where(url => url is { IsAbsoluteUri: true }).Select(url => url!.IdnHost).Concat(added)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        return hosts.Count == 0 ? null : hosts;
    }

    /// <summary>Filters on <see cref="Of"/>'s hosts when it names any.</summary>
    public static IHostApplicationBuilder AddPublicHostFiltering(this IHostApplicationBuilder builder, IEnumerable<Uri?> publicUrls)
    {
        var hosts = Of(publicUrls, builder.Configuration, builder.Environment);
        if (hosts is not null) builder.Services.Configure<HostFilteringOptions>(options => options.AllowedHosts = hosts);
        return builder;
    }
}
