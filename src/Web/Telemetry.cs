using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Harmony.Identity.Web;

/// <summary>Telemetry of a site (section <c>…:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Where to send traces and metrics over OTLP (gRPC, e.g. <c>http://otel-collector:4317</c>). When empty, the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is used; with neither, nothing is exported.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }
}

public static class Telemetry
{
    /// <summary>The identity server's own meter: sign-ins, lockouts, second-factor failures, emails, job runs.</summary>
    public const string MeterName = "Harmony.Identity";

    /// <summary>The standard variable an OTLP exporter reads its endpoint from.</summary>
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry traces (ASP.NET Core, HttpClient, and whatever <paramref name="tracing"/> adds) and metrics (the same
    /// and the <see cref="MeterName"/> meter) under the service name <paramref name="serviceName"/>, exported over OTLP,
    /// when an endpoint is configured; without one, OpenTelemetry is not set up at all. Health probes make no traces.
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyTelemetry(
        this IHostApplicationBuilder builder, string serviceName, string section, Action<TracerProviderBuilder>? tracing = null)
    {
        builder.Services.AddValidatedOptions<TelemetryOptions>(builder.Configuration, section, (options, key) =>
            ValidatedOptions.AbsoluteHttp(options.OtlpEndpoint, $"{key}:OtlpEndpoint"));
        var options = builder.Configuration.GetSection(section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var endpoint = options.OtlpEndpoint is { IsAbsoluteUri: true } ? options.OtlpEndpoint : null;
        // With nowhere to send them, traces and metrics would be recorded on every request only to be thrown away (a
        // few per cent of the token endpoint's time, issue 11); the meter's instruments still count for a MeterListener.
        if (endpoint is null && string.IsNullOrWhiteSpace(builder.Configuration[StandardEndpointKey])) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(traces =>
            {
                traces.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !HealthEndpoints.IsProbe(context.Request))
                    .AddHttpClientInstrumentation();
                tracing?.Invoke(traces);
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(MeterName));

        if (endpoint is not null) telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, endpoint);
        else telemetry.UseOtlpExporter();
        return builder;
    }
}
