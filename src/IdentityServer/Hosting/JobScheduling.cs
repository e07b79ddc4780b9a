using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Features.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// The scheduler, composed here because it runs jobs of several features (the account jobs of <c>Features/Jobs</c>
/// and the email outbox's dispatcher), which themselves know only <see cref="IHarmonyJob"/>.
/// </summary>
public static class JobScheduling
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

            quartz.AddJobListener<JobRunLog>();
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

/// <summary>
/// Every run of a scheduled job: counted (<see cref="HarmonyMetrics.JobRun"/>, by the key's name and whether it threw)
/// and logged at Debug with the trigger's scheduled time and the node. On a clustered store every node shares the
/// trigger, so a firing appears in exactly one node's log (what the cluster test reads). Failures are logged by the
/// jobs themselves and by Quartz.
/// </summary>
public sealed partial class JobRunLog(HarmonyMetrics metrics, ILogger<JobRunLog> logger) : IJobListener
{
    public string Name => nameof(JobRunLog);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        metrics.JobRun(context.JobDetail.Key.Name, jobException is null);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Ran(context.JobDetail.Key.ToString(), context.ScheduledFireTimeUtc?.ToString("O", CultureInfo.InvariantCulture) ?? "none",
                context.Scheduler.SchedulerInstanceId, (long)context.JobRunTime.TotalMilliseconds);
        }
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job} ran for its firing at {ScheduledFireTime} on {Node} in {ElapsedMilliseconds} ms")]
    private partial void Ran(string job, string scheduledFireTime, string node, long elapsedMilliseconds);
}
