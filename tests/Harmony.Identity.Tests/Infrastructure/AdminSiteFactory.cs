using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The real admin site, configured as the client <c>harmony-admin</c> of an identity server at <paramref name="authority"/>,
/// sharing that server's test clock so that token lifetimes agree on both sides.
/// </summary>
public sealed class AdminSiteFactory(Uri authority, FakeTimeProvider time) : WebApplicationFactory<Harmony.Identity.Admin.Program>
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
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
    }
}
