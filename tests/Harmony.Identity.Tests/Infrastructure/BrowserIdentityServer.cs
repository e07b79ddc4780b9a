using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The identity server of <see cref="HarmonyAppFactory"/> (temp data folder, fast hashing, fake clock, test clients)
/// served for real by Kestrel on 127.0.0.1, so that Chromium can open its pages and follow the links of its emails.
/// </summary>
public sealed class BrowserIdentityServer : ITestServer<BrowserIdentityServer>, IDisposable
{
    private BrowserIdentityServer(HarmonyAppFactory app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        BackChannel = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HarmonyAppFactory App { get; }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>; also the base of the links in emails.</summary>
    public Uri BaseUrl { get; }

    public FakeTimeProvider Time => App.Time;

    /// <summary>A plain HTTP client to the same server: what a relying party's back end uses to redeem codes.</summary>
    public HttpClient BackChannel { get; }

    /// <summary>
    /// A setting of the harness, not of the app: the host name the server is reached by instead of 127.0.0.1. WebAuthn
    /// takes no IP address as relying-party ID, so the passkey scenarios ask for <c>localhost</c> (Chromium resolves it,
    /// and <c>*.localhost</c>, to loopback without DNS, and treats it as a secure context over http).
    /// </summary>
    public const string HostNameSetting = "Tests:BrowserHostName";

    public static BrowserIdentityServer Start(IDictionary<string, string?>? overrides = null)
    {
        var hostName = overrides?.TryGetValue(HostNameSetting, out var named) == true && !string.IsNullOrEmpty(named) ? named : null;
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            // Links in emails must name the real port, so it is chosen before the app reads its settings.
            var port = FreeLoopbackPort();
            var baseUrl = new Uri($"http://{hostName ?? "127.0.0.1"}:{port}/");
            var settings = new Dictionary<string, string?>
            {
                ["Harmony:Email:PublicBaseUrl"] = baseUrl.ToString(),
                // Every request of every browser test comes from 127.0.0.1: the per-address limit of the recovery
                // pages would otherwise start refusing them part-way through a run.
                ["Harmony:Recovery:PerClientLimit"] = "10000",
            };
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;

            var app = new HarmonyAppFactory(settings);
            // A host name may resolve to ::1 as well as 127.0.0.1: listen on both loopbacks then.
            app.UseKestrel(kestrel =>
            {
                if (hostName is null) kestrel.Listen(IPAddress.Loopback, port);
                else kestrel.ListenLocalhost(port);
            });
            try
            {
                app.StartServer();
                return new BrowserIdentityServer(app, baseUrl);
            }
            catch (IOException) when (attempt < attempts)
            {
                // Another process took the port between the probe and Kestrel's bind: try another one.
                app.Dispose();
            }
        }
    }

    /// <summary>A loopback port free now (another process may take it before it is bound: callers retry or accept that).</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        BackChannel.Dispose();
        App.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        BackChannel.Dispose();
        await App.DisposeAsync();
    }
}
