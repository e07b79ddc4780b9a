using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Access tokens for the admin API, obtained the way real callers obtain them.</summary>
public static class AdminTokens
{
    public const string AdminClientId = "test-admin";
    public const string AdminClientSecret = "test-admin-secret";
    public const string AdminScopes = "openid profile harmony_admin";

    /// <summary>Automation: client_credentials of the confidential client that carries the operator role.</summary>
    public static async Task<string> OperatorClientAsync(HarmonyAppFactory app)
    {
        var flow = new OidcFlow(app.CreateBrowser(), HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);
        var tokens = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = HarmonyScopes.AdminApi,
        }));
        Assert.That(tokens.AccessToken, Is.Not.Null, tokens.Body.ToString());
        return tokens.AccessToken!;
    }

    /// <summary>A person with an admin role signing in through the admin site's kind of client (code flow + PKCE).</summary>
    public static Task<string> AdminAsync(HarmonyAppFactory app, TestEmployee admin) =>
        CodeFlowAsync(app, admin, AdminClientId, AdminClientSecret, AdminScopes);

    /// <summary>An employee's token from an app that did not ask for the admin scope.</summary>
    public static Task<string> WithoutAdminScopeAsync(HarmonyAppFactory app, TestEmployee employee) =>
        CodeFlowAsync(app, employee, HarmonyAppFactory.SpaClientId, null, "openid profile email offline_access");

    public static async Task<string> CodeFlowAsync(HarmonyAppFactory app, TestEmployee who, string clientId, string? secret, string scope)
    {
        var flow = new OidcFlow(app.CreateBrowser(), clientId, secret);
        var code = await flow.FollowToCodeAsync(await flow.SignInAsync(who.LoginId, who.Password, new Dictionary<string, string> { ["scope"] = scope }));
        var tokens = await flow.RedeemCodeAsync(code);
        Assert.That(tokens.AccessToken, Is.Not.Null, tokens.Body.ToString());
        return tokens.AccessToken!;
    }
}

/// <summary>
/// A fixture of admin API tests with the two usual callers: a representative of a company of their own (<c>admin</c>) and
/// the support desk's automation (<c>support</c>, an operator).
/// </summary>
public abstract class RepresentativeAndSupportFixture(TestDatabase database = TestDatabase.Sqlite) : AppFixture(database)
{
    protected TestEmployee representative = null!;
    protected AdminApiClient admin = null!;
    protected AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        admin = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
    }
}

/// <summary>The admin API as an integrator calls it: JSON over HTTP with a bearer token and a language.</summary>
public sealed class AdminApiClient(HarmonyAppFactory app, string? token, string? language = null)
{
    public const string Base = AdminApiRoutes.Base;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The same caller asking in another language (Accept-Language).</summary>
    public AdminApiClient WithLanguage(string other) => new(app, token, other);

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<HttpResponseMessage> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : $"{Base}/{path}");
        if (token is not null) request.WithBearer(token);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        else if (method != HttpMethod.Get) request.Content = new StringContent("");
        return await app.CreateBrowser().SendAsync(request);
    }

    /// <summary>The answer's body as <typeparamref name="T"/>, after checking the status.</summary>
    public async Task<T> ReadAsync<T>(Task<HttpResponseMessage> sending, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new AssertionException("Empty body.");
    }

    public Task<T> GetAsync<T>(string path) => ReadAsync<T>(GetAsync(path));

    public Task<ActionResult> ActAsync(Guid employeeId, string action) => ReadAsync<ActionResult>(PostAsync($"employees/{employeeId}/{action}"));

    public Task<EmployeeDetail> EmployeeAsync(Guid employeeId) => GetAsync<EmployeeDetail>($"employees/{employeeId}");

    public Task<PagedResult<EmployeeSummary>> SearchAsync(string query) => GetAsync<PagedResult<EmployeeSummary>>($"employees?{query}");
}

/// <summary>A problem-details answer as the caller reads it.</summary>
public sealed record Problem(int Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        return JsonSerializer.Deserialize<Problem>(text, AdminApiClient.Json)!;
    }
}

public static class AdminTestData
{
    /// <summary>A company of its own with one representative, and that representative's API client.</summary>
    public static async Task<(Guid CompanyId, TestEmployee Representative, AdminApiClient Client)> CompanyWithRepresentativeAsync(
        this HarmonyAppFactory app)
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, companyId);
        return (companyId, representative, new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative)));
    }

    /// <summary>Adds an employee to an existing company (permanent credentials unless asked), unique to the calling test.</summary>
    public static Task<TestEmployee> AddEmployeeAsync(this HarmonyAppFactory app, Guid companyId, CredentialKind kind = CredentialKind.Permanent,
        string? employeeNumber = null, string displayName = "試験 次郎", string password = "Correct#Horse1") =>
        app.WithServicesAsync(async services =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var user = new HarmonyUser
            {
                UserName = (kind == CredentialKind.Temporary ? "tmp_" : "emp-") + suffix,
                // Apart from the login ID, so that a search by one never passes thanks to the other.
                Email = $"mail-{Guid.NewGuid().ToString("N")[..10]}@example.com",
                EmailConfirmed = true,
                DisplayName = displayName,
                CompanyId = companyId,
                EmployeeNumber = employeeNumber ?? "E" + suffix,
                CredentialKind = kind,
                TemporaryExpiresAt = kind == CredentialKind.Temporary ? app.Time.GetUtcNow().AddDays(30) : null,
                CreatedAt = app.Time.GetUtcNow(),
            };
            var result = await services.GetRequiredService<UserManager<HarmonyUser>>().CreateAsync(user, password);
            Assert.That(result.Succeeded, Is.True, string.Join(", ", result.Errors.Select(e => e.Description)));
            await services.GetRequiredService<PasswordHistory>().RecordAsync(user);
            await services.GetRequiredService<HarmonyDbContext>().SaveChangesAsync();
            return new TestEmployee(user.Id, user.UserName, password, user.Email, companyId);
        });

    /// <summary>Changes an account directly in the database, for a state no endpoint gives it (an unusable address, a language).</summary>
    public static Task<int> SetUserAsync(this HarmonyAppFactory app, Guid userId, Action<HarmonyUser> change) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        change(await db.Users.SingleAsync(u => u.Id == userId));
        return await db.SaveChangesAsync();
    });

    /// <summary>Gives an existing account an admin role, as the support desk does when a company names a representative.</summary>
    public static Task GrantRoleAsync(this HarmonyAppFactory app, Guid userId, string role) => app.WithServicesAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<HarmonyUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new AssertionException("No such account.");
        var result = await users.AddToRoleAsync(user, role);
        Assert.That(result.Succeeded, Is.True, string.Join(", ", result.Errors.Select(e => e.Code)));
        return true;
    });

    /// <summary>The value after "label: " on its line of an email, as a person would copy it.</summary>
    public static string ValueAfter(string text, string label)
    {
        var line = text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(label + ": ", StringComparison.Ordinal));
        return line[(label.Length + 2)..];
    }

    /// <summary>Delivers the outbox and reads the temporary credentials from the newest instruction email to <paramref name="address"/>.</summary>
    public static async Task<(string LoginId, string Password)> InstructionCredentialsAsync(HarmonyAppFactory app, string address)
    {
        await Mailbox.DeliverAsync(app);
        var mail = (await Mailbox.ReadAsync(app, address)).LastOrDefault() ?? throw new AssertionException($"No email to {address}.");
        var text = mail.Text();
        return (ValueAfter(text, "仮ログインID"), ValueAfter(text, "仮パスワード"));
    }
}
