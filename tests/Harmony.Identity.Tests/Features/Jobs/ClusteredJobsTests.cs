using System.Collections.Concurrent;
using Harmony.Identity.Server.Features.Jobs;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Harmony.Identity.Tests.Features.Jobs;

/// <summary>
/// Two nodes on one server database with <c>Harmony:Jobs:Clustered=true</c> share Quartz's store, whose tables the
/// migrations created: each firing runs on one node. The nodes run on the real clock, as Quartz's cluster does.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Servers))]
public sealed class ClusteredJobsTests(TestDatabase database)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Test]
    public async Task TwoNodes_RunEachFiringOnce_InTheServerDatabase()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Harmony:Jobs:Enabled"] = "true",
            ["Harmony:Jobs:Clustered"] = "true",
            ["Harmony:Jobs:LockoutReleaseInterval"] = Interval.ToString(),
        };
        using var firstNode = TestServer.StartWith(TestDatabases.Settings(database, settings), services: OnTheRealClock);
        // The second node runs over the first one's database (and data folder), as a node of the same cluster.
        using var secondNode = TestServer.Restart(firstNode, settings, OnTheRealClock);
        var schedulers = new[] { await SchedulerOf(firstNode), await SchedulerOf(secondNode) };

        var firings = new Firings();
        foreach (var scheduler in schedulers) scheduler.ListenerManager.AddJobListener(firings, []);
        await Task.Delay(Interval * 6);
        foreach (var scheduler in schedulers) scheduler.ListenerManager.RemoveJobListener(firings.Name);

        var lockoutRelease = firings.Of(LockoutReleaseJob.Name);
        var gaps = lockoutRelease.Zip(lockoutRelease.Skip(1), (earlier, later) => later - earlier).ToList();
        await using var scope = firstNode.Services.CreateAsyncScope();
        var nodes = await scope.ServiceProvider.GetRequiredService<HarmonyDbContext>().Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM QRTZ_SCHEDULER_STATE").SingleAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((await schedulers[0].GetMetadata()).JobStoreClustered, Is.True);
            Assert.That(nodes, Is.EqualTo(2), "both nodes checked in to the one cluster");
            Assert.That(lockoutRelease, Has.Count.InRange(3, 7), "one firing a second, not one per node");
            Assert.That(lockoutRelease, Is.Unique, "no firing ran twice");
            Assert.That(gaps, Has.All.GreaterThanOrEqualTo(Interval), "the firings of one trigger, not of a trigger per node");
        });
    }

    private static void OnTheRealClock(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(TimeProvider.System);
    }

    private static Task<IScheduler> SchedulerOf(WebApplicationFactory<Program> node) =>
        node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask();

    /// <summary>When each firing was due, by job, whichever node ran it.</summary>
    private sealed class Firings : IJobListener
    {
        private readonly ConcurrentBag<(string Job, DateTimeOffset Due)> seen = [];

        public string Name => "test-firings";

        public List<DateTimeOffset> Of(string job) => [.. seen.Where(f => f.Job == job).Select(f => f.Due).Order()];

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            seen.Add((context.JobDetail.Key.Name, context.ScheduledFireTimeUtc ?? context.FireTimeUtc));
            return ValueTask.CompletedTask;
        }
    }
}
