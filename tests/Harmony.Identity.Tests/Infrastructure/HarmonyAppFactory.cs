using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The real identity server on a real SQLite file in a fresh folder (or a fresh database on a server database, see
/// <see cref="TestDatabases"/>), with test clients, a fast password hash
/// and a clock the tests move. Fixtures get one through <see cref="AppFixture"/>; each test creates its own company
/// and employees.
/// </summary>
public sealed class HarmonyAppFactory : WebApplicationFactory<Program>, ITestServer<HarmonyAppFactory>
{
    public const string SpaClientId = "test-spa";
    public const string WebClientId = "test-web";
    public const string WebClientSecret = "test-web-secret";
    public const string ServiceClientId = "test-service";
    public const string ServiceClientSecret = "test-service-secret";
    public const string RedirectUri = "https://rp.test/callback";
    public const string PostLogoutRedirectUri = "https://rp.test/";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    /// <summary>
    /// A server with <paramref name="overrides"/> over the test defaults, and <paramref name="services"/> (when given)
    /// applied to its services last: a log listener that must hear the start, or another clock.
    /// </summary>
    public HarmonyAppFactory(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        this.services = services;
        DataFolder = Path.Combine(Path.GetTempPath(), "harmony-tests", Guid.NewGuid().ToString("N"));
        settings = new Dictionary<string, string?>
        {
            ["Harmony:Storage:DataPath"] = DataFolder,
            // The tests run outside Development on a developer's settings (development keys, pickup mail, http on loopback).
            ["Harmony:AllowUnsafeProduction"] = "true",
            // Host filtering stays on, as in production: the in-memory client calls itself localhost, Kestrel 127.0.0.1.
            ["AllowedHosts"] = "localhost;127.0.0.1",
            // Fast hashes: Argon2id with 64 KiB and one pass, PBKDF2 with 1,000 iterations (the production costs are tested apart).
            ["Harmony:Passwords:HashIterations"] = "1000",
            ["Harmony:Passwords:Argon2MemoryKiB"] = "64",
            ["Harmony:Passwords:Argon2Iterations"] = "1",
            ["Harmony:Keys:UseDevelopmentKeys"] = "true",
            ["Harmony:Server:AllowInsecureHttp"] = "true",
            ["Harmony:DemoData:Enabled"] = "false",
            ["Harmony:Jobs:Enabled"] = "false",
            // A confirmed import runs at once on the server that took it; no server picks up another's between tests.
            ["Harmony:Imports:PollInterval"] = "01:00:00",
            // Tests fire parallel bursts at one login ID; the limits have tests of their own with small numbers.
            ["Harmony:SignIn:AttemptsPerLoginId"] = "1000",
            ["Harmony:SignIn:PasswordCheckQueueLimit"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",

            ["Harmony:Clients:0:ClientId"] = SpaClientId,
            ["Harmony:Clients:0:DisplayName"] = "Test single-page app",
            ["Harmony:Clients:0:RedirectUris:0"] = RedirectUri,
            ["Harmony:Clients:0:PostLogoutRedirectUris:0"] = PostLogoutRedirectUri,
            ["Harmony:Clients:0:Scopes:0"] = "openid",
            ["Harmony:Clients:0:Scopes:1"] = "profile",
            ["Harmony:Clients:0:Scopes:2"] = "email",
            ["Harmony:Clients:0:Scopes:3"] = "offline_access",
            ["Harmony:Clients:0:GrantTypes:0"] = "authorization_code",
            ["Harmony:Clients:0:GrantTypes:1"] = "refresh_token",

            ["Harmony:Clients:1:ClientId"] = WebClientId,
            ["Harmony:Clients:1:ClientSecret"] = WebClientSecret,
            ["Harmony:Clients:1:RedirectUris:0"] = RedirectUri,
            ["Harmony:Clients:1:Scopes:0"] = "openid",
            ["Harmony:Clients:1:Scopes:1"] = "profile",
            ["Harmony:Clients:1:Scopes:2"] = "email",
            ["Harmony:Clients:1:Scopes:3"] = "offline_access",
            ["Harmony:Clients:1:GrantTypes:0"] = "authorization_code",
            ["Harmony:Clients:1:GrantTypes:1"] = "refresh_token",

            ["Harmony:Clients:2:ClientId"] = ServiceClientId,
            ["Harmony:Clients:2:ClientSecret"] = ServiceClientSecret,
            ["Harmony:Clients:2:Scopes:0"] = "harmony_admin",
            ["Harmony:Clients:2:GrantTypes:0"] = "client_credentials",
            ["Harmony:Clients:2:Roles:0"] = "operator",

            // The admin site's kind of client: people with an admin role get admin API tokens through the code flow.
            ["Harmony:Clients:3:ClientId"] = "test-admin",
            ["Harmony:Clients:3:ClientSecret"] = "test-admin-secret",
            ["Harmony:Clients:3:RedirectUris:0"] = RedirectUri,
            ["Harmony:Clients:3:Scopes:0"] = "openid",
            ["Harmony:Clients:3:Scopes:1"] = "profile",
            ["Harmony:Clients:3:Scopes:2"] = "email",
            ["Harmony:Clients:3:Scopes:3"] = "offline_access",
            ["Harmony:Clients:3:Scopes:4"] = "harmony_admin",
            ["Harmony:Clients:3:GrantTypes:0"] = "authorization_code",
            ["Harmony:Clients:3:GrantTypes:1"] = "refresh_token",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;

        // On a server database (TestDatabases.Settings), a database of its own unless the test names one to share.
        if (Enum.TryParse<DatabaseProvider>(settings.GetValueOrDefault("Database:Provider"), out var provider) &&
            provider != DatabaseProvider.Sqlite && settings.GetValueOrDefault("Database:ConnectionString") is null)
        {
            database = new ThrowawayDatabase(provider);
            settings["Database:ConnectionString"] = database.ConnectionString;
        }
    }

    private readonly ThrowawayDatabase? database;

    /// <summary>The settings the server runs with, for a second server on the same database (a second node).</summary>
    public IReadOnlyDictionary<string, string?> Settings => settings;

    public static HarmonyAppFactory Start(IDictionary<string, string?>? settings) => new(settings);

    public string DataFolder { get; }

    /// <summary>
    /// A second host of this server, over its database, data folder and clock, with <paramref name="change"/> applied to
    /// its services: for a test that makes one dependency fail or race. Dispose it at the end of the test.
    /// </summary>
    public WebApplicationFactory<Program> Variant(Action<IServiceCollection> change) =>
        WithWebHostBuilder(builder => builder.ConfigureServices(change));

    /// <summary>A <see cref="Variant"/> whose database contexts run <paramref name="interceptor"/>, whichever provider serves them.</summary>
    public WebApplicationFactory<Program> WithDatabaseInterceptor(IInterceptor interceptor) =>
        Variant(services => services.ConfigureHarmonyDbContext(options => options.AddInterceptors(interceptor)));

    /// <summary>Starts at the real present, so certificates and the test's own token checks agree with it.</summary>
    public FakeTimeProvider Time { get; } = new(Present());

    /// <summary>
    /// The real present on a whole millisecond: PostgreSQL keeps times to the microsecond, so a time the clock gave
    /// reads back from every database as it was written, and a test may compare the two.
    /// </summary>
    public static DateTimeOffset Present()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(registered =>
        {
            registered.RemoveAll<TimeProvider>();
            registered.AddSingleton<TimeProvider>(Time);
        });
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each hop.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("http://localhost"),
    });

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Creates a company and one employee, unique to the calling test (permanent credentials unless asked).</summary>
    public Task<TestEmployee> CreateEmployeeAsync(
        string password = "Correct#Horse1",
        bool companyActive = true,
        CredentialKind kind = CredentialKind.Permanent,
        TimeSpan? temporaryValidFor = null,
        bool suspended = false,
        Action<Company>? company = null) =>
        WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var newCompany = new Company
            {
                Code = "c" + suffix,
                NameJa = "テスト株式会社 " + suffix,
                NameEn = "Test Inc. " + suffix,
                IsActive = companyActive,
                CreatedAt = Time.GetUtcNow(),
            };
            company?.Invoke(newCompany);
            db.Companies.Add(newCompany);
            await db.SaveChangesAsync();

            var user = new HarmonyUser
            {
                UserName = (kind == CredentialKind.Temporary ? "tmp_" : "emp-") + suffix,
                Email = $"emp-{suffix}@example.com",
                EmailConfirmed = true,
                DisplayName = "試験 太郎",
                CompanyId = newCompany.Id,
                CredentialKind = kind,
                TemporaryExpiresAt = kind == CredentialKind.Temporary ? Time.GetUtcNow() + (temporaryValidFor ?? TimeSpan.FromDays(30)) : null,
                IsSuspended = suspended,
                CreatedAt = Time.GetUtcNow(),
            };
            var result = await services.GetRequiredService<UserManager<HarmonyUser>>().CreateAsync(user, password);
            Assert.That(result.Succeeded, Is.True, string.Join(", ", result.Errors.Select(e => e.Description)));
            await services.GetRequiredService<PasswordHistory>().RecordAsync(user);
            await db.SaveChangesAsync();
            return new TestEmployee(user.Id, user.UserName, password, user.Email, newCompany.Id);
        });

    /// <summary>Reads an account as it is in the database now.</summary>
    public Task<HarmonyUser> ReadUserAsync(Guid id) => WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id));

    /// <summary>The audit events of an account, oldest first.</summary>
    public Task<List<AuditEvent>> AuditOfAsync(Guid userId) => WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.UserId == userId).OrderBy(a => a.Id).ToListAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try { Directory.Delete(DataFolder, recursive: true); }
            catch (IOException) { /* SQLite may still hold the file for a moment; the temp folder is disposable. */ }
            database?.Dispose();
        }
    }

    /// <summary>
    /// An admin account (permanent credentials) with the Identity role <paramref name="role"/>: in
    /// <paramref name="companyId"/>'s company when given, else in a company of its own.
    /// </summary>
    public Task<TestEmployee> CreateAdminAsync(string role, Guid? companyId = null, string password = "Admin#Pass1") =>
        WithServicesAsync(async services =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var company = companyId ?? (await CreateEmployeeAsync()).CompanyId;
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            var admin = new HarmonyUser
            {
                UserName = "adm-" + suffix,
                Email = $"adm-{suffix}@example.com",
                EmailConfirmed = true,
                DisplayName = "管理 花子",
                CompanyId = company,
                CredentialKind = CredentialKind.Permanent,
                CreatedAt = Time.GetUtcNow(),
            };
            var created = await users.CreateAsync(admin, password);
            Assert.That(created.Succeeded, Is.True, string.Join(", ", created.Errors.Select(e => e.Description)));
            var added = await users.AddToRoleAsync(admin, role);
            Assert.That(added.Succeeded, Is.True, string.Join(", ", added.Errors.Select(e => e.Description)));
            return new TestEmployee(admin.Id, admin.UserName, password, admin.Email, company);
        });
}

public sealed record TestEmployee(Guid Id, string LoginId, string Password, string Email, Guid CompanyId);
