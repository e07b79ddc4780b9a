using Harmony.Identity.Tests.Robustness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The real admin site, configured as the client <c>harmony-admin</c> of an identity server at <paramref name="authority"/>,
/// sharing that server's test clock so that token lifetimes agree on both sides.
/// </summary>
public sealed class AdminSiteFactory(Uri authority, FakeTimeProvider time, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Harmony.Identity.Admin.Program>
{
    public const string ClientId = "harmony-admin";
    public const string ClientSecret = "test-admin-secret";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Admin:Oidc:Authority", authority.ToString());
        builder.UseSetting("Admin:Oidc:ClientId", ClientId);
        builder.UseSetting("Admin:Oidc:ClientSecret", ClientSecret);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // Outside Development with a loopback identity server and per-machine keys, as a developer's machine has them.
        builder.UseSetting("Admin:AllowUnsafeProduction", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
    }

    /// <summary>
    /// The admin site alone on Kestrel on loopback, for what its own pipeline does with a real peer address (no identity
    /// server behind it: nothing signs in).
    /// </summary>
    public static KestrelAdminSite StartOnKestrel(IDictionary<string, string?>? settings = null)
    {
        var port = BrowserIdentityServer.FreeLoopbackPort();
        var site = new AdminSiteFactory(new Uri("http://127.0.0.1:9/"), new FakeTimeProvider(DateTimeOffset.UtcNow), settings);
        site.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        site.StartServer();
        return new KestrelAdminSite(site, new Uri($"http://127.0.0.1:{port}/"));
    }
}

/// <summary>The admin site on Kestrel and where it listens.</summary>
public sealed record KestrelAdminSite(AdminSiteFactory Site, Uri BaseUrl) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Site.DisposeAsync();
}

/// <summary>
/// The admin site alone in memory, with no identity server at its authority (nothing signs in, and a sign-in challenge
/// fails), in Production on a developer's settings under <c>Admin:AllowUnsafeProduction=true</c>, with a log (warnings
/// and errors) that heard it start: for what the site says about itself. The run shares one (<see cref="SharedServers"/>).
/// </summary>
public sealed class LoneAdminSite : ITestServer<LoneAdminSite>
{
    private readonly AdminSiteFactory factory;

    private LoneAdminSite(AdminSiteFactory factory, WebApplicationFactory<Harmony.Identity.Admin.Program> site, ServerErrorLog log, FakeTimeProvider time)
    {
        this.factory = factory;
        Site = site;
        Log = log;
        Time = time;
    }

    public WebApplicationFactory<Harmony.Identity.Admin.Program> Site { get; }

    /// <summary>Everything the site logged at Warning and above, from its start on.</summary>
    public ServerErrorLog Log { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>No identity server listens on port 9 of loopback.</summary>
    public static readonly Uri Authority = new("http://127.0.0.1:9/");

    public static LoneAdminSite Start(IDictionary<string, string?>? settings)
    {
        var inProduction = new Dictionary<string, string?> { ["environment"] = "Production", ["Admin:AllowUnsafeProduction"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) inProduction[key] = value;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new ServerErrorLog(LogLevel.Warning);
        var factory = new AdminSiteFactory(Authority, time, inProduction);
        var site = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(log)));
        try
        {
            _ = site.Services;
        }
        catch
        {
            site.Dispose();
            factory.Dispose();
            throw;
        }
        return new LoneAdminSite(factory, site, log, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await factory.DisposeAsync();
    }
}
