using Harmony.Identity.Server.Features.Jobs;
using Harmony.Identity.Web;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenTelemetry.Trace;
using Quartz;

namespace Harmony.Identity.Server.Hosting;

public static class OperationsExtensions
{
    public const string TelemetrySection = "Harmony:Telemetry";
    public const string HealthSection = "Harmony:Health";

    /// <summary>
    /// What an operator watches: telemetry (traces with EF Core's commands, metrics with <see cref="HarmonyMetrics"/>), and
    /// <c>/health/ready</c>: the database answers, no migration is pending, the signing keys are loaded and valid, and
    /// the scheduler runs when jobs are enabled.
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyOperations(this IHostApplicationBuilder builder)
    {
        builder.AddHarmonyTelemetry("harmony-identity-server", TelemetrySection, traces => traces.AddEntityFrameworkCoreInstrumentation());
        builder.Services.AddSingleton<HarmonyMetrics>();

        var checks = builder.AddHealthEndpoints(HealthSection)
            .AddDbContextCheck<HarmonyDbContext>("database", tags: [HealthEndpoints.Ready])
            .AddCheck<MigrationsApplied>("migrations", tags: [HealthEndpoints.Ready])
            .AddCheck<SigningKeysLoaded>("signing-keys", tags: [HealthEndpoints.Ready]);

        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.Enabled)
        {
            checks.AddCheck<SchedulerRunning>("scheduler", tags: [HealthEndpoints.Ready]);
        }
        return builder;
    }

    /// <summary>
    /// Not ready while a migration is pending (e.g. <c>Database:MigrateOnStartup=false</c> and the script not run yet).
    /// Once this node's migrations are all applied they stay applied, so the balancer's probe (every second or so) stops
    /// asking the database after the first healthy answer.
    /// </summary>
    private sealed class MigrationsApplied(IServiceScopeFactory scopes) : IHealthCheck
    {
        private volatile bool applied;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (applied) return HealthCheckResult.Healthy();
            await using var scope = scopes.CreateAsyncScope();
            var pending = await scope.ServiceProvider.GetRequiredService<HarmonyDbContext>().Database.GetPendingMigrationsAsync(cancellationToken);
            if (pending.Any()) return HealthCheckResult.Unhealthy("migrations pending");
            applied = true;
            return HealthCheckResult.Healthy();
        }
    }

    /// <summary>Ready only with a signing and an encryption key, and a signing certificate valid now.</summary>
    private sealed class SigningKeysLoaded(IOptionsMonitor<OpenIddictServerOptions> server, TimeProvider time) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var options = server.CurrentValue;
            var now = time.GetUtcNow().UtcDateTime;
            var signing = options.SigningCredentials.Any(c => c.Key is not X509SecurityKey x509 ||
                                                              (x509.Certificate.NotBefore <= now && now < x509.Certificate.NotAfter));
            return Task.FromResult(signing && options.EncryptionCredentials.Count > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("no valid signing or encryption key"));
        }
    }

    private sealed class SchedulerRunning(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            return await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("scheduler not running");
        }
    }
}
