using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>A kind of test server the harness can start: in memory, on Kestrel, or both apps on Kestrel.</summary>
public interface ITestServer<TSelf> : IAsyncDisposable where TSelf : class, ITestServer<TSelf>
{
    /// <summary>Starts one with <paramref name="settings"/> over the test defaults (none: the defaults).</summary>
    static abstract TSelf Start(IDictionary<string, string?>? settings);

    /// <summary>The fake clock the server (both apps, for the admin site) runs on.</summary>
    FakeTimeProvider Time { get; }
}

/// <summary>
/// The run's shared servers: one of each kind for the fixtures that neither move the clock nor change settings (the
/// default group), and one of each kind per <see cref="ServerGroups">named group</see> of fixtures that do move the clock.
/// Each is started when a fixture first asks for it and stopped by <see cref="Harmony.Identity.Tests.TestRun"/> at the
/// end. Every test creates its own company and employees, so no test sees another's data.
/// </summary>
public static class SharedServers
{
    private static readonly ConcurrentStack<IAsyncDisposable> Started = new();

    public static TServer Of<TServer>(string group = ServerGroups.FixedClock, TestDatabase database = TestDatabase.Sqlite)
        where TServer : class, ITestServer<TServer> => Holder<TServer>.Get(group, database);

    public static async Task StopAllAsync()
    {
        while (Started.TryPop(out var server)) await server.DisposeAsync();
    }

    private static class Holder<TServer> where TServer : class, ITestServer<TServer>
    {
        private static readonly Lock Gate = new();
        private static readonly Dictionary<(string Group, TestDatabase Database), TServer> Servers = [];

        // Not a Lazy: one failed start (a port taken meanwhile) must not fail every later fixture of the run.
        public static TServer Get(string group, TestDatabase database)
        {
            lock (Gate)
            {
                if (!Servers.TryGetValue((group, database), out var server))
                {
                    server = TServer.Start(TestDatabases.Settings(database, ServerGroups.SettingsOf(group)));
                    Servers[(group, database)] = server;
                    Started.Push(server);
                }
                return server;
            }
        }
    }
}

/// <summary>
/// The groups of fixtures that share a server. Fixtures of one group may move its clock, but only forward, and run one
/// after another (NUnit runs the fixtures of this assembly in sequence), so each fixture starts where the last left the
/// clock and its tests read the present from the server's clock, never from the machine's.
/// </summary>
public static class ServerGroups
{
    /// <summary>Fixtures that leave the clock alone and keep the test settings.</summary>
    public const string FixedClock = "";

    /// <summary>Fixtures whose tests move the clock over their own accounts, sessions and tokens only.</summary>
    public const string MovesClock = "moves-clock";

    /// <summary>
    /// The scheduled jobs' fixtures: a job works over the whole database and the tests count what one run changed, so
    /// they share a database with each other (their tests leave nothing a later run could still change) and with no one else.
    /// </summary>
    public const string Jobs = "jobs";

    /// <summary>
    /// Tests of the scheduler as it runs (<c>Harmony:Jobs:Enabled=true</c>, which the test defaults leave off): the jobs'
    /// keys and triggers, the ready probe that needs a running scheduler. A test that stands the scheduler by starts it again.
    /// </summary>
    public const string SchedulerRunning = "scheduler-running";

    /// <summary>The settings over the test defaults that a group's servers run with (none for most groups).</summary>
    public static IDictionary<string, string?>? SettingsOf(string group) => group switch
    {
        SchedulerRunning => new Dictionary<string, string?> { ["Harmony:Jobs:Enabled"] = "true" },
        _ => null,
    };
}

/// <summary>
/// The server of a fixture's tests, set up and torn down here for every fixture: the run's shared server of its kind,
/// <see cref="Group"/> and database, unless the fixture changes settings or says it needs one of its own (it floods
/// the server with hostile requests), which then lives as long as the fixture. A fixture of data tests runs on each
/// database (<see cref="TestDatabases"/>) by taking it in its constructor; the others run on SQLite.
/// </summary>
public abstract class ServerFixture<TServer>(TestDatabase database = TestDatabase.Sqlite) where TServer : class, ITestServer<TServer>
{
    private TServer? own;

    /// <summary>Settings this fixture changes over the test defaults; a fixture with any gets a server of its own.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>True for a fixture that needs a server of its own; say why where you override it.</summary>
    protected virtual bool OwnServer => Settings is not null;

    /// <summary>The group whose shared server this fixture uses (see <see cref="ServerGroups"/>).</summary>
    protected virtual string Group => ServerGroups.FixedClock;

    protected TServer Server => own ?? SharedServers.Of<TServer>(Group, database);

    /// <summary>The database this fixture's server runs on.</summary>
    protected TestDatabase Database => database;

    [OneTimeSetUp]
    public void StartServer()
    {
        if (OwnServer)
        {
            own = TServer.Start(TestDatabases.Settings(database, Settings));
            return;
        }
        // Between fixtures a shared clock catches up with the real present, so that each fixture starts, as on a
        // server of its own, with tokens and cookies that real clocks accept. A group's clock may already be ahead.
        var time = SharedServers.Of<TServer>(Group, database).Time;
        var now = HarmonyAppFactory.Present();
        if (time.GetUtcNow() < now) time.SetUtcNow(now);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (own is not null) await own.DisposeAsync();
        own = null;
    }
}

/// <summary>Fixtures on the identity server in memory (<see cref="HarmonyAppFactory"/>).</summary>
public abstract class AppFixture(TestDatabase database = TestDatabase.Sqlite) : ServerFixture<HarmonyAppFactory>(database)
{
    // Named as the fixtures named their own field before the harness, so that their bodies did not change.
    protected HarmonyAppFactory app => Server;
}

/// <summary>Fixtures on the identity server served by Kestrel on loopback (<see cref="BrowserIdentityServer"/>).</summary>
public abstract class KestrelFixture : ServerFixture<BrowserIdentityServer>
{
    protected BrowserIdentityServer server => Server;
}

/// <summary>Fixtures on both apps on Kestrel: the identity server and the admin site (<see cref="AdminSiteHosts"/>).</summary>
public abstract class AdminSiteFixture : ServerFixture<AdminSiteHosts>
{
    protected AdminSiteHosts hosts => Server;
}
