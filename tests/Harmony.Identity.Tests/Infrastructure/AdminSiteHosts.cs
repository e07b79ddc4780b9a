using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// Both apps running for real on loopback ports, the way a person runs them: the identity server (with the
/// <c>harmony-admin</c> client whose redirect URIs point at the admin site's port) and the admin site (whose
/// authority is the server's URL). Each is a WebApplicationFactory hosted on Kestrel, so the admin site's OpenID
/// Connect handler and API client talk to the server over real sockets, and a test's browser follows redirects
/// between the two.
/// </summary>
public sealed class AdminSiteHosts : ITestServer<AdminSiteHosts>
{
    private AdminSiteHosts(HarmonyAppFactory server, AdminSiteFactory admin, Uri serverUrl, Uri adminUrl)
    {
        Server = server;
        Admin = admin;
        ServerUrl = serverUrl;
        AdminUrl = adminUrl;
    }

    public HarmonyAppFactory Server { get; }

    public AdminSiteFactory Admin { get; }

    public Uri ServerUrl { get; }

    public Uri AdminUrl { get; }

    /// <summary>The clock both apps share.</summary>
    public FakeTimeProvider Time => Server.Time;

    public static AdminSiteHosts Start(IDictionary<string, string?>? settings = null) => Start(settings, adminSettings: null);

    /// <summary>As <see cref="Start(IDictionary{string, string?}?)"/>, with <paramref name="adminSettings"/> for the admin site.</summary>
    public static AdminSiteHosts Start(IDictionary<string, string?>? settings, IDictionary<string, string?>? adminSettings)
    {
        var serverPort = BrowserIdentityServer.FreeLoopbackPort();
        var adminPort = BrowserIdentityServer.FreeLoopbackPort();
        var serverUrl = new Uri($"http://127.0.0.1:{serverPort}/");
        var adminUrl = new Uri($"http://127.0.0.1:{adminPort}/");

        // A high index, clear of the clients the test factory declares itself.
        const string client = "Harmony:Clients:9";
        var serverSettings = new Dictionary<string, string?>
        {
            [$"{client}:ClientId"] = AdminSiteFactory.ClientId,
            [$"{client}:ClientSecret"] = AdminSiteFactory.ClientSecret,
            [$"{client}:DisplayName"] = "Harmony admin site (tests)",
            [$"{client}:RedirectUris:0"] = new Uri(adminUrl, "signin-oidc").ToString(),
            [$"{client}:PostLogoutRedirectUris:0"] = new Uri(adminUrl, "signout-callback-oidc").ToString(),
            [$"{client}:Scopes:0"] = "openid",
            [$"{client}:Scopes:1"] = "profile",
            [$"{client}:Scopes:2"] = "email",
            [$"{client}:Scopes:3"] = "offline_access",
            [$"{client}:Scopes:4"] = HarmonyScopes.AdminApi,
            [$"{client}:GrantTypes:0"] = "authorization_code",
            [$"{client}:GrantTypes:1"] = "refresh_token",
            ["Harmony:Email:PublicBaseUrl"] = serverUrl.ToString(),
            // The links of emails to representatives (decision 0028).
            ["Harmony:Email:AdminSiteUrl"] = adminUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) serverSettings[key] = value;
        var server = new HarmonyAppFactory(serverSettings);
        server.UseKestrel(options => options.Listen(IPAddress.Loopback, serverPort));
        server.StartServer();

        // Its public URL, as production requires: the return addresses it gives the server are built on it.
        var siteSettings = new Dictionary<string, string?> { ["Admin:PublicBaseUrl"] = adminUrl.ToString() };
        foreach (var (key, value) in adminSettings ?? new Dictionary<string, string?>()) siteSettings[key] = value;
        var admin = new AdminSiteFactory(serverUrl, server.Time, siteSettings);
        admin.UseKestrel(options => options.Listen(IPAddress.Loopback, adminPort));
        admin.StartServer();
        return new AdminSiteHosts(server, admin, serverUrl, adminUrl);
    }

    /// <summary>A new browser (its own cookies) that starts on the admin site.</summary>
    public AdminSiteBrowser NewBrowser() => new(AdminUrl);

    /// <summary>An employee with an admin role: a representative of a new company, or an operator (of a support company).</summary>
    public async Task<TestEmployee> CreateAdminAsync(string role)
    {
        var employee = await Server.CreateEmployeeAsync(password: "Admin#Test2026");
        await Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            var user = await users.FindByIdAsync(employee.Id.ToString()) ?? throw new AssertionException("The admin was not created.");
            var result = await users.AddToRoleAsync(user, role);
            Assert.That(result.Succeeded, Is.True, string.Join(", ", result.Errors.Select(e => e.Code)));
            return true;
        });
        return employee;
    }

    /// <summary>Opens the admin site, signs in on the identity server's login page and comes back signed in.</summary>
    public async Task<AdminSitePage> SignInAsync(AdminSiteBrowser browser, TestEmployee who, string path = "/")
    {
        var login = await browser.GetAsync(path);
        Assert.That(login.Uri.Authority, Is.EqualTo(ServerUrl.Authority), "an anonymous visit should land on the identity server");
        Assert.That(login.Uri.AbsolutePath, Is.EqualTo("/account/login"));
        var back = await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Input.LoginId"] = who.LoginId,
            ["Input.Password"] = who.Password,
        });
        Assert.That(back.Uri.Authority, Is.EqualTo(AdminUrl.Authority), $"the sign-in should end on the admin site, not {back.Uri}: {back.Document.Body?.TextContent.Trim()[..Math.Min(300, back.Document.Body?.TextContent.Trim().Length ?? 0)]}");
        return back;
    }

    /// <summary>A new admin with <paramref name="role"/>, signed in with a browser of their own.</summary>
    public async Task<AdminSession> SignInAsAsync(string role)
    {
        var admin = await CreateAdminAsync(role);
        var browser = NewBrowser();
        var home = await SignInAsync(browser, admin);
        return new AdminSession(admin, browser, home);
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Server.DisposeAsync();
    }

}

/// <summary>An admin signed in to the admin site, with the browser that holds the session.</summary>
public sealed record AdminSession(TestEmployee Admin, AdminSiteBrowser Browser, AdminSitePage Home) : IDisposable
{
    public void Dispose() => Browser.Dispose();
}
