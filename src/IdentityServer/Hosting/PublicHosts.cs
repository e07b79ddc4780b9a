using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.HostFiltering;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// Host filtering: outside Development the server answers only for its public host names, so that a forged
/// <c>Host</c> header is refused (400) before any page or protocol handler can read it. The hosts are those of
/// <c>Harmony:Email:PublicBaseUrl</c> and <c>Harmony:Server:Issuer</c>, plus any that ASP.NET Core's own
/// <c>AllowedHosts</c> setting adds (<c>;</c>-separated, e.g. the address a load balancer's health check uses);
/// <c>AllowedHosts=*</c> turns the filter off.
/// </summary>
public static class PublicHosts
{
    public const string AllowedHostsKey = "AllowedHosts";

    public static IHostApplicationBuilder AddHarmonyHostFiltering(this IHostApplicationBuilder builder)
    {
        var hosts = Of(builder.Configuration, builder.Environment);
        if (hosts is not null) builder.Services.Configure<HostFilteringOptions>(options => options.AllowedHosts = hosts);
        return builder;
    }

    /// <summary>The hosts to allow, or null for any host (Development, or <c>AllowedHosts=*</c>).</summary>
    public static List<string>? Of(IConfiguration configuration, IHostEnvironment environment)
    {
        var added = (configuration[AllowedHostsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (environment.IsDevelopment() || added.Contains("*")) return null;

        var email = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        var server = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        return new[] { email.PublicBaseUrl, server.Issuer }
            .Where(url => url is { IsAbsoluteUri: true })
            .Select(url => url!.IdnHost)
            .Concat(added)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
