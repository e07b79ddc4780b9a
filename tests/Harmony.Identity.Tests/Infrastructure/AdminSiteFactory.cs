using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
