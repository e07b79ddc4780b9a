using Harmony.Identity.Server.Features.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace Harmony.Identity.Tests.Features.Jobs;

public sealed class JobSchedulingTests
{
    [Test]
    public async Task Scheduler_HasTheFourJobs_UnderFixedKeys_WhenJobsAreEnabled()
    {
        var app = SharedServers.Of<HarmonyAppFactory>(ServerGroups.SchedulerRunning);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var jobKeys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(HarmonyJobs.Group));
        var expiry = await scheduler.GetTrigger(new TriggerKey("temporary-credential-expiry", "harmony")) as ISimpleTrigger;
        var lockout = await scheduler.GetTrigger(new TriggerKey("lockout-release", "harmony")) as ISimpleTrigger;
        var pruning = await scheduler.GetTrigger(new TriggerKey("token-pruning", "harmony")) as ISimpleTrigger;
        var outbox = await scheduler.GetTrigger(new TriggerKey("email-outbox-dispatch", "harmony")) as ISimpleTrigger;
        var outboxJob = await scheduler.GetJobDetail(new JobKey("email-outbox-dispatch", "harmony"));
        var expiryJob = await scheduler.GetJobDetail(new JobKey("temporary-credential-expiry", "harmony"));

        Assert.Multiple(() =>
        {
            Assert.That(jobKeys, Is.EquivalentTo(new[]
            {
                new JobKey("temporary-credential-expiry", "harmony"),
                new JobKey("lockout-release", "harmony"),
                new JobKey("token-pruning", "harmony"),
                new JobKey("email-outbox-dispatch", "harmony"),
            }));
            Assert.That(expiry?.RepeatInterval, Is.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(expiry?.JobKey, Is.EqualTo(new JobKey("temporary-credential-expiry", "harmony")));
            Assert.That(lockout?.RepeatInterval, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(pruning?.RepeatInterval, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(expiryJob?.ConcurrentExecutionDisallowed, Is.True);
            Assert.That(outbox?.RepeatInterval, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(outboxJob?.ConcurrentExecutionDisallowed, Is.True);
        });
    }

    [Test]
    public void Scheduler_IsNotRegistered_WhenJobsAreDisabled()
    {
        // The test defaults leave the jobs off, as on the run's shared server.
        var app = SharedServers.Of<HarmonyAppFactory>();
        Assert.Multiple(() =>
        {
            Assert.That(app.Services.GetService<ISchedulerFactory>(), Is.Null);
            Assert.That(app.Services.CreateScope().ServiceProvider.GetService<TemporaryCredentialExpiryJob>(), Is.Not.Null,
                "the jobs stay available to run directly");
        });
    }

    [Test]
    public void Options_TakeTheClusteredStore_FromTheServerDatabase_UnlessGivenOne()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db;Database=harmony" };
        var ownDatabase = new JobsOptions { Clustered = true }.ClusteredStore(database);
        // As deploy/README.md documented before the store could follow the server's database.
        var documented = new JobsOptions { Store = JobStoreKind.Persistent, Provider = JobStoreProvider.SqlServer, ConnectionString = "Server=sql" }
            .ClusteredStore(database);
        Assert.Multiple(() =>
        {
            Assert.That(ownDatabase, Is.EqualTo(((JobStoreProvider?)JobStoreProvider.PostgreSql, "Host=db;Database=harmony")));
            Assert.That(documented, Is.EqualTo(((JobStoreProvider?)JobStoreProvider.SqlServer, "Server=sql")));
        });
    }

    [Test]
    public void Options_RequireAConnectionString_ForAClusteredStoreOnAnotherDatabase()
    {
        var validator = new JobsOptionsValidator(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db" }));
        var result = validator.Validate(null, new JobsOptions { Clustered = true, Provider = JobStoreProvider.SqlServer });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Harmony:Jobs:ConnectionString is required"));
    }

    [Test]
    public void Options_RejectANonPositiveInterval()
    {
        var result = Validator.Validate(null, new JobsOptions { LockoutReleaseInterval = TimeSpan.Zero });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("LockoutReleaseInterval"));
    }

    [Test]
    public void Options_Defaults_AreValid()
    {
        Assert.That(Validator.Validate(null, new JobsOptions()).Succeeded, Is.True);
    }

    private static readonly JobsOptionsValidator Validator = new(Options.Create(new DatabaseOptions()));
}
