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
