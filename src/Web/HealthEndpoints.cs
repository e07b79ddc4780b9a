using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Web;

/// <summary>How a node leaves the balancer (section <c>…:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>
    /// How long a stopping node keeps serving while <c>/health/ready</c> answers 503, so that the balancer stops sending it
    /// requests before it closes (longer than the balancer's check interval times its failure count). Zero: stop at once.
    /// The host's shutdown timeout grows to the delay plus <see cref="HealthEndpoints.RequestGrace"/> when it is shorter;
    /// the platform's own grace period (Kubernetes' terminationGracePeriodSeconds, compose's stop_grace_period) must be as long.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}

/// <summary>
/// <c>/health/live</c> (the process answers: 200, checks nothing) and <c>/health/ready</c> (every check tagged
/// <see cref="Ready"/> passes: 200, else 503). The answer is the bare status word: no check names, no messages, nothing
/// that could carry a connection string. Answered before host filtering, because a balancer probes a node by its own
/// address, and before every page concern (antiforgery, culture, the browser check).
/// </summary>
public static class HealthEndpoints
{
    public const string Live = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

    /// <summary>What a stopping node has, after its drain, to finish the requests it still has (the host's default timeout).</summary>
    public static readonly TimeSpan RequestGrace = TimeSpan.FromSeconds(30);

    public static bool IsProbe(HttpRequest request) => request.Path.StartsWithSegments("/health");

    /// <summary>The endpoints' checks (add more with the returned builder) and the drain on stop.</summary>
    public static IHealthChecksBuilder AddHealthEndpoints(this IHostApplicationBuilder builder, string section)
    {
        builder.Services.AddValidatedOptions<HealthOptions>(builder.Configuration, section, (options, key) =>
            options.DrainDelay < TimeSpan.Zero ? [$"{key}:DrainDelay must not be negative."] : []);
        builder.Services.AddHostedService<DrainOnStop>();
        // The host's shutdown timeout counts from the stop signal, the drain included: without more time, a drain as long
        // as the timeout would leave the web server none to finish the requests it still has.
        builder.Services.AddOptions<HostOptions>().PostConfigure<IOptions<HealthOptions>>((host, health) =>
        {
            var needed = health.Value.DrainDelay + RequestGrace;
            if (health.Value.DrainDelay > TimeSpan.Zero && host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });

        // The framework puts host filtering in front of everything; it comes back in UseHealthEndpoints, after the probes.
        var hostFiltering = builder.Services.Where(d => d.ServiceType == typeof(IStartupFilter) &&
                                                        d.ImplementationType?.Name == "HostFilteringStartupFilter").ToList();
        foreach (var descriptor in hostFiltering) builder.Services.Remove(descriptor);

        return builder.Services.AddHealthChecks().AddCheck<StoppingCheck>("stopping", tags: [Ready]);
    }

    /// <summary>The two probes, then host filtering for every other request.</summary>
    public static IApplicationBuilder UseHealthEndpoints(this IApplicationBuilder app)
    {
        app.UseHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        app.UseHostFiltering();
        return app;
    }

    /// <summary>Unhealthy from the moment the host starts stopping, so that the balancer drains the node.</summary>
    private sealed class StoppingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("stopping")
                : HealthCheckResult.Healthy());
    }

    /// <summary>
    /// When the host starts stopping (before any hosted service or the web server stops), waits
    /// <see cref="HealthOptions.DrainDelay"/> while the node still serves and <c>/health/ready</c> says 503. Real time,
    /// not the app's clock: the balancer's probes run on it.
    /// </summary>
    private sealed class DrainOnStop(IOptions<HealthOptions> options) : IHostedLifecycleService
    {
        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            if (options.Value.DrainDelay <= TimeSpan.Zero) return;
            try
            {
                await Task.Delay(options.Value.DrainDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout ran out first: stop now.
            }
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
