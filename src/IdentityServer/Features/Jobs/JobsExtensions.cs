using Harmony.Identity.Server.Features.Email;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>Names shared by every node's scheduler.</summary>
public static class HarmonyJobs
{
    /// <summary>The group of every job and trigger key: fixed, so a clustered store holds one of each, not one per node.</summary>
    public const string Group = "harmony";

    /// <summary>The scheduler's instance name; the nodes of a clustered store must share it.</summary>
    public const string SchedulerName = "harmony-identity";
}

/// <summary>
/// A scheduled job: Quartz runs it under a job key and a trigger key made from its name in <see cref="HarmonyJobs.Group"/>;
/// tests and operators call its <c>RunAsync</c> directly.
/// </summary>
public interface IHarmonyJob : IJob
{
    /// <summary>The name of the job's key and of its trigger's key, fixed so that a clustered store holds one of each.</summary>
    static abstract string Name { get; }
}

/// <inheritdoc cref="IHarmonyJob"/>
public interface IHarmonyJob<TResult> : IHarmonyJob
{
    Task<TResult> RunAsync(CancellationToken cancellationToken = default);

    async ValueTask IJob.Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await RunAsync(cancellationToken);
}

public static class JobsExtensions
{
    /// <summary>
    /// The scheduled jobs (Quartz.NET): temporary credential expiry, lockout release, token pruning and the email outbox
    /// dispatcher (its interval is <c>Harmony:Email:DispatchInterval</c>), each under a
    /// fixed job and trigger key, never running twice at once. The scheduler runs only when <c>Harmony:Jobs:Enabled</c>.
    /// </summary>
    /// <remarks>
    /// By default each node keeps the schedule in memory, so every node runs every job; the jobs are idempotent and
    /// set-based, so that is harmless. <c>Harmony:Jobs:Clustered=true</c> (or the earlier <c>Store=Persistent</c>)
    /// switches to Quartz's clustered ADO.NET store in the server database (SQL Server or PostgreSQL, the same
    /// connection as <c>Database</c> unless <c>Provider</c> and <c>ConnectionString</c> say otherwise), where each firing
    /// runs on one node. The migrations create Quartz's tables (<c>QuartzTables</c>); Quartz checks them at start.
    /// </remarks>
    public static IHostApplicationBuilder AddHarmonyJobs(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(JobsOptions.Section);
        builder.Services.AddOptions<JobsOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        var jobs = section.Get<JobsOptions>() ?? new JobsOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var email = builder.Configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();

        // Registered whether or not the scheduler runs: tests and operators can run a job directly.
        builder.Services.TryAddScoped<TemporaryCredentialExpiryJob>();
        builder.Services.TryAddScoped<LockoutReleaseJob>();
        builder.Services.TryAddScoped<TokenPruningJob>();
        builder.Services.TryAddScoped<OutboxDispatchJob>();

        if (!jobs.Enabled) return builder;

        builder.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = HarmonyJobs.SchedulerName);
            // An incomplete clustered configuration is refused at start by JobsOptionsValidator.
            if (jobs.IsClustered && jobs.ClusteredStore(database) is ({ } provider, { } connectionString))
            {
                quartz.UsePersistentStore(store =>
                {
                    if (provider == JobStoreProvider.PostgreSql) store.UsePostgres(connectionString);
                    else store.UseSqlServer(connectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering();
                });
                // Each node re-declares the same keys at start-up: replace them (Quartz's default) and keep the stored
                // last fire time, so that restarting a node does not fire every job again at once.
                builder.Services.Configure<QuartzOptions>(options => options.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
            }

            Schedule<TemporaryCredentialExpiryJob>(quartz, jobs.TemporaryCredentialExpiryInterval, "Marks temporary credentials past their expiry as expired");
            Schedule<LockoutReleaseJob>(quartz, jobs.LockoutReleaseInterval, "Releases lockouts whose time is over");
            Schedule<TokenPruningJob>(quartz, jobs.TokenPruningInterval, "Deletes old unusable tokens and authorizations");
            Schedule<OutboxDispatchJob>(quartz, email.DispatchInterval, "Sends due messages of the email outbox");
        });
        builder.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }

    private static void Schedule<TJob>(IQuartzBuilder quartz, TimeSpan interval, string description)
        where TJob : IHarmonyJob
    {
        var jobKey = new JobKey(TJob.Name, HarmonyJobs.Group);
        quartz.AddJob<TJob>(job => job.WithIdentity(jobKey).WithDescription(description));
        quartz.AddTrigger<TJob>(trigger => trigger
            .WithIdentity(new TriggerKey(TJob.Name, HarmonyJobs.Group))
            .ForJob(jobKey)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()));
    }
}
