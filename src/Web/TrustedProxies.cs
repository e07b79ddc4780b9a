using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Web;

/// <summary>
/// The load balancers whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> a site believes (section
/// <c>…:ForwardedHeaders</c>). None by default: a header from any other peer is ignored, so that a client cannot pick
/// the address that limits and audit rows see, nor pretend to have come over https.
/// </summary>
public sealed class TrustedProxyOptions
{
    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public static class TrustedProxies
{
    /// <summary>
    /// Forwarded client address and scheme from the proxies configured under <paramref name="section"/>. Not
    /// <c>X-Forwarded-Host</c>: absolute links and the issuer come from configuration, never from a request header.
    /// </summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder, string section)
    {
        builder.Services.AddValidatedOptions<TrustedProxyOptions>(builder.Configuration, section, Invalid);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; a node trusts only what the operator names.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in trusted.Value.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the forwarded address and scheme from a trusted proxy, then HSTS outside Development
    /// (sent only on https, which a trusted proxy's <c>X-Forwarded-Proto: https</c> makes the request).
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IHostEnvironment environment)
    {
        // With no proxy listed the framework's middleware would believe every peer: leave it out instead.
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<TrustedProxyOptions>>().Value;
        if (trusted.KnownProxies.Count > 0 || trusted.KnownNetworks.Count > 0) app.UseForwardedHeaders();
        if (!environment.IsDevelopment()) app.UseHsts();
        return app;
    }

    private static List<string> Invalid(TrustedProxyOptions options, string section) =>
    [
        .. options.KnownProxies.Select((value, i) => (value, i)).Where(p => !IPAddress.TryParse(p.value, out _))
            .Select(p => $"{section}:KnownProxies:{p.i} ('{p.value}') is not an IP address."),
        .. options.KnownNetworks.Select((value, i) => (value, i)).Where(p => !System.Net.IPNetwork.TryParse(p.value, out _))
            .Select(p => $"{section}:KnownNetworks:{p.i} ('{p.value}') is not a network in CIDR notation (10.0.0.0/24)."),
    ];
}
