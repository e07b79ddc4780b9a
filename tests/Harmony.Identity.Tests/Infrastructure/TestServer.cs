using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The identity servers a test starts itself, because the start is what it examines (a refusal, a warning at start, a
/// restart, a second node) or because it stops the server. Every other test runs on its fixture's server
/// (<see cref="ServerFixture{TServer}"/>). Each server is the caller's to dispose, with <c>using</c>.
/// </summary>
public static class TestServer
{
    /// <summary>
    /// Starts a server with <paramref name="settings"/> over the test defaults; <paramref name="log"/> hears everything
    /// from the start on, and <paramref name="services"/> is applied to its services last.
    /// </summary>
    public static HarmonyAppFactory StartWith(
        IDictionary<string, string?>? settings = null, ILoggerProvider? log = null, Action<IServiceCollection>? services = null)
    {
        var server = new HarmonyAppFactory(settings, registered =>
        {
            if (log is not null) registered.AddSingleton(log);
            services?.Invoke(registered);
        });
        try
        {
            _ = server.Services;
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Starts another server over <paramref name="previous"/>'s data folder (its SQLite file, keys, mail) and database,
    /// with <paramref name="settings"/> over the test defaults: what a restart with new settings finds, or a second node.
    /// The previous server keeps running.
    /// </summary>
    public static HarmonyAppFactory Restart(
        HarmonyAppFactory previous, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var over = previous.Settings.Where(s => s.Key.StartsWith("Database:", StringComparison.Ordinal)).ToDictionary();
        over["Harmony:Storage:DataPath"] = previous.Settings["Harmony:Storage:DataPath"];
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) over[key] = value;
        return StartWith(over, services: services);
    }

    /// <summary>What a server with <paramref name="settings"/> over the test defaults threw instead of starting.</summary>
    public static Exception RefusalOf(IDictionary<string, string?> settings)
    {
        using var server = new HarmonyAppFactory(settings);
        var refusal = Assert.Catch(() => _ = server.Services, "the server started");
        return refusal!;
    }
}
