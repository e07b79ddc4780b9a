using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Harmony.Identity.Server.Features.Jobs;
using Harmony.Identity.Tests.Robustness;
using Harmony.Identity.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>What an operator watches (issue 10, item 4): health probes, the Harmony.Identity meter, error references in the log.</summary>
public sealed class OperationsTests
{
    [Test]
    public async Task TheMeter_CountsAFailedAndASuccessfulSignIn_ByOutcome()
    {
        var app = SharedServers.Of<HarmonyAppFactory>();
        using var meter = new HarmonyMeter(app);
        var employee = await app.CreateEmployeeAsync();

        await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password1");
        var signedIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);

        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the right password signs in");
        Assert.That(meter.Count("harmony.sign_in.attempts", "outcome", "invalid_credentials"), Is.EqualTo(1));
        Assert.That(meter.Count("harmony.sign_in.attempts", "outcome", "succeeded"), Is.EqualTo(1));
    }

    [Test]
    public async Task TheMeter_CountsTheLockout_AndTheNoticeEmailSent()
    {
        var app = SharedServers.Of<HarmonyAppFactory>();
        using var meter = new HarmonyMeter(app);
        var employee = await app.CreateEmployeeAsync();

        for (var i = 0; i < 5; i++) await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password1");
        var sent = await Mailbox.DeliverAsync(app);

        Assert.That(meter.Count("harmony.lockouts", "kind", "account"), Is.EqualTo(1));
        Assert.That(meter.Count("harmony.sign_in.attempts", "outcome", "locked"), Is.EqualTo(1), "the fifth wrong password locks");
        Assert.That(meter.Count("harmony.emails", "outcome", "sent"), Is.EqualTo(sent).And.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Ready_Answers200_WhileServing_And503_OnceTheNodeIsStopping_WhileLiveStays200_AndShutdownWaitsOutTheDrain()
    {
        // The node keeps serving for the drain delay after it is told to stop, as behind a balancer.
        using var app = TestServer.StartWith(new Dictionary<string, string?> { ["Harmony:Health:DrainDelay"] = "00:00:05" });
        var client = app.CreateBrowser();
        var shutdownTimeout = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout;
        var readyBefore = await client.GetAsync(HealthEndpoints.ReadyPath);
        var body = await readyBefore.Content.ReadAsStringAsync();

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var readyStopping = await client.GetAsync(HealthEndpoints.ReadyPath);
        var liveStopping = await client.GetAsync(HealthEndpoints.Live);

        Assert.That(readyBefore.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("Healthy"), "the bare status, nothing about the checks");
        Assert.That(readyStopping.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await readyStopping.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
        Assert.That(liveStopping.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(shutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(5) + HealthEndpoints.RequestGrace), "the drain plus time to finish requests");
    }

    [Test]
    public async Task HealthProbes_AnswerForTheNodesOwnAddress_WhilePagesRefuseHostsThatAreNotPublic()
    {
        var client = SharedServers.Of<HarmonyAppFactory>().CreateBrowser();
        HttpRequestMessage ForHost(string path) => new(HttpMethod.Get, path) { Headers = { Host = "10.0.0.7" } };

        var ready = await client.SendAsync(ForHost(HealthEndpoints.ReadyPath));
        var live = await client.SendAsync(ForHost(HealthEndpoints.Live));
        var page = await client.SendAsync(ForHost("/account/login"));

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "host filtering still guards everything else");
    }

    [Test]
    public async Task WithJobsEnabled_ReadyNeedsARunningScheduler_AndEachJobRunIsCounted()
    {
        var app = SharedServers.Of<HarmonyAppFactory>(ServerGroups.SchedulerRunning);
        using var meter = new HarmonyMeter(app);
        var client = app.CreateBrowser();
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        // Quartz starts its scheduler once the host has started: ready from then on.
        var running = await Eventually(() => client.GetAsync(HealthEndpoints.ReadyPath), r => r.StatusCode == HttpStatusCode.OK);
        await scheduler.TriggerJob(new JobKey(LockoutReleaseJob.Name, HarmonyJobs.Group));
        await Eventually(() => Task.FromResult(meter.Count("harmony.job_runs", "job", LockoutReleaseJob.Name)), runs => runs > 0);
        HttpResponseMessage standing;
        await scheduler.Standby();
        try
        {
            standing = await client.GetAsync(HealthEndpoints.ReadyPath);
        }
        finally
        {
            // The group's server runs on for its other tests.
            await scheduler.Start();
        }

        Assert.That(running.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(meter.Count("harmony.job_runs", "job", LockoutReleaseJob.Name), Is.GreaterThanOrEqualTo(1));
        Assert.That(standing.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a scheduler in standby runs no job");
    }

    [Test]
    public async Task AServerError_IsLoggedOnce_WithTheReferenceCodeThePageShows()
    {
        var log = new ServerErrorLog();
        var app = SharedServers.Of<HarmonyAppFactory>();
        var employee = await app.CreateEmployeeAsync();
        using var failing = app.Variant(services =>
        {
            services.AddSingleton<ILoggerProvider>(log);
            services.ConfigureHarmonyDbContext(options => options.AddInterceptors(new FailOnAudit(AuditEvents.SignInFailed)));
        });
        var before = log.Count;

        var answer = await new OidcFlow(failing.CreateClient(new() { AllowAutoRedirect = false })).SignInAsync(employee.LoginId, "Wrong#Password1");
        var reference = (await answer.ReadHtmlAsync()).Text(".reference code");
        var entries = log.Since(before);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(reference, Has.Length.EqualTo(12));
        Assert.That(entries, Has.Exactly(1).Contains("InvalidOperationException"), "one entry for the failure, not the handler's as well");
        Assert.That(entries.Single(e => e.Contains("InvalidOperationException")), Does.Contain($"reference {reference}").And.Contain("/account/login"));
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }

    /// <summary>Listens to the Harmony.Identity meter of one app (its own IMeterFactory), summing what each counter adds.</summary>
    private sealed class HarmonyMeter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentDictionary<(string Instrument, string Tag, string Value), long> sums = new();

        public HarmonyMeter(WebApplicationFactory<Program> app)
        {
            var meters = app.Services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Telemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                foreach (var tag in tags) sums.AddOrUpdate((instrument.Name, tag.Key, tag.Value?.ToString() ?? ""), value, (_, sum) => sum + value);
            });
            listener.Start();
        }

        public long Count(string instrument, string tag, string value) => sums.GetValueOrDefault((instrument, tag, value));

        public void Dispose() => listener.Dispose();
    }
}
