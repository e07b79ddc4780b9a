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
/// One server of each kind for the whole run, started when a fixture first asks for it and stopped by
/// <see cref="Harmony.Identity.Tests.TestRun"/> at the end. Fixtures on it never move its clock or change its settings,
/// and each test creates its own company and employees, so no test sees another's data.
/// </summary>
public static class SharedServers
{
    private static readonly ConcurrentStack<IAsyncDisposable> Started = new();

    public static TServer Of<TServer>(TestDatabase database = TestDatabase.Sqlite) where TServer : class, ITestServer<TServer> =>
        Holder<TServer>.Get(database);

    public static async Task StopAllAsync()
    {
        while (Started.TryPop(out var server)) await server.DisposeAsync();
    }

    private static class Holder<TServer> where TServer : class, ITestServer<TServer>
    {
        private static readonly Lock Gate = new();
        private static readonly Dictionary<TestDatabase, TServer> Servers = [];

        // Not a Lazy: one failed start (a port taken meanwhile) must not fail every later fixture of the run.
        public static TServer Get(TestDatabase database)
        {
            lock (Gate)
            {
                if (!Servers.TryGetValue(database, out var server))
                {
                    server = TServer.Start(TestDatabases.Settings(database));
                    Servers[database] = server;
                    Started.Push(server);
                }
                return server;
            }
        }
    }
}

/// <summary>
/// The server of a fixture's tests, set up and torn down here for every fixture: the run's shared server of its
/// kind, unless the fixture says it needs one of its own (it moves the clock, changes settings, or floods the
/// server with hostile requests), which then lives as long as the fixture. A fixture of data tests runs on each
/// database (<see cref="TestDatabases"/>) by taking it in its constructor; the others run on SQLite.
/// </summary>
public abstract class ServerFixture<TServer>(TestDatabase database = TestDatabase.Sqlite) where TServer : class, ITestServer<TServer>
{
    private TServer? own;

    /// <summary>Settings this fixture changes over the test defaults; a fixture with any gets a server of its own.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>True for a fixture that needs a server of its own; say why where you override it.</summary>
    protected virtual bool OwnServer => Settings is not null;

    protected TServer Server => own ?? SharedServers.Of<TServer>(database);

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
        // Nobody moves the shared clock in a test; between fixtures it catches up with the real present, so that
        // each fixture starts, as on a server of its own, with tokens and cookies that real clocks accept.
        var time = SharedServers.Of<TServer>(database).Time;
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
