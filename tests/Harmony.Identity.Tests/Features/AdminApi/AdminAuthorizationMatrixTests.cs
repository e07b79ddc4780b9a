using Harmony.Identity.Tests.Features.SignIn.Reissue;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Every admin endpoint × every kind of caller (PRODUCT §9, issue 5's matrix): no token, a token without the admin
/// scope, a representative of the record's company, a representative of another company, an operator. A
/// representative never learns that another company's record exists (404), and never passes an operator-only
/// endpoint (403). The employee actions are tried on an admin account too (issue 9 item 8): what reaches its
/// credentials or access is refused to a representative of its own company (403), and still open to an operator.
/// </summary>
public sealed class AdminAuthorizationMatrixTests : AppFixture
{
    public enum Caller
    {
        NoToken,
        WrongScope,
        SameCompanyAdmin,
        OtherCompanyAdmin,
        Operator,

        /// <summary>A representative acting on an admin account (another representative) of their own company.</summary>
        SameCompanyAdminOnAdminAccount,

        /// <summary>An operator acting on an admin account.</summary>
        OperatorOnAdminAccount,
    }

    /// <summary>What one case acts on: a company, an employee of it (temporary credentials) and a registered app.</summary>
    /// <param name="SupportEmployeeId">An account of the support company (one that may become an operator), for the rows that need one.</param>
    /// <param name="ReissueRequestId">The employee's pending reissue request (decision 0028), for the rows that need one.</param>
    public sealed record Target(Guid CompanyId, Guid EmployeeId, string ClientId, Guid SupportEmployeeId = default, Guid ReissueRequestId = default);

    /// <param name="OnAdminAccount">What a representative of the same company gets when the employee is an admin account;
    /// null for endpoints that act on no employee.</param>
    /// <param name="RefusesPerEmployee">A bulk action: a refusal is a 200 whose item says "skipped", and changes nothing either.</param>
    public sealed record Endpoint(string Name, Func<Target, (HttpMethod Method, string Path, object? Body)> Request,
        HttpStatusCode SameCompany, HttpStatusCode OtherCompany, HttpStatusCode Operator, bool NeedsClient = false,
        HttpStatusCode? OnAdminAccount = null, bool RefusesPerEmployee = false, bool NeedsSupportAccount = false, bool NeedsReissueRequest = false)
    {
        public override string ToString() => Name;
    }

    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Created = HttpStatusCode.Created;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private const HttpStatusCode NoContent = HttpStatusCode.NoContent;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    private static readonly Endpoint[] Endpoints =
    [
        new("GET me", _ => (HttpMethod.Get, "me", null), Ok, Ok, Ok),

        new("GET companies", _ => (HttpMethod.Get, "companies", null), Ok, Ok, Ok),
        new("POST companies", _ => (HttpMethod.Post, "companies", new CreateCompanyRequest(NewCode(), "新会社", "New Co.", null)), Forbidden, Forbidden, Created),
        new("GET companies/{id}", t => (HttpMethod.Get, $"companies/{t.CompanyId}", null), Ok, NotFound, Ok),
        new("PUT companies/{id}", t => (HttpMethod.Put, $"companies/{t.CompanyId}",
            new UpdateCompanyRequest(NewCode(), "改名株式会社", "Renamed Inc.", new CompanyPolicyDto(5, 24, 30, "Off", 30), false, [])), Forbidden, Forbidden, Ok),
        new("POST companies/{id}/deactivate", t => (HttpMethod.Post, $"companies/{t.CompanyId}/deactivate", null), Forbidden, Forbidden, Ok),
        new("POST companies/{id}/activate", t => (HttpMethod.Post, $"companies/{t.CompanyId}/activate", null), Forbidden, Forbidden, Ok),

        new("GET employees", _ => (HttpMethod.Get, "employees?text=試験", null), Ok, Ok, Ok),
        new("POST employees", t => (HttpMethod.Post, "employees",
            new CreateEmployeeRequest(t.CompanyId, "N" + NewCode(), "新入 社員", $"new-{NewCode()}@example.com", "ja")), Created, NotFound, Created),
        new("GET employees/{id}", t => (HttpMethod.Get, $"employees/{t.EmployeeId}", null), Ok, NotFound, Ok, OnAdminAccount: Ok),
        new("PUT employees/{id}", t => (HttpMethod.Put, $"employees/{t.EmployeeId}",
            new UpdateEmployeeRequest("N" + NewCode(), "改名 社員", "en")), Ok, NotFound, Ok, OnAdminAccount: Forbidden),
        new("PUT employees/{id}/email", t => (HttpMethod.Put, $"employees/{t.EmployeeId}/email",
            new UpdateEmployeeEmailRequest($"changed-{NewCode()}@example.com")), Ok, NotFound, Ok, OnAdminAccount: Forbidden),
        new("POST employees/{id}/resend-instruction", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/resend-instruction", null), Ok, NotFound, Ok, OnAdminAccount: Forbidden),
        new("POST employees/{id}/suspend", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/suspend", null), Ok, NotFound, Ok, OnAdminAccount: Forbidden),
        new("POST employees/{id}/resume", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/resume", null), Ok, NotFound, Ok, OnAdminAccount: Forbidden),
        new("POST employees/{id}/unlock", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/unlock", null), Ok, NotFound, Ok, OnAdminAccount: Ok),
        new("POST employees/{id}/lift-email-restriction", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/lift-email-restriction", null), Ok, NotFound, Ok, OnAdminAccount: Ok),
        new("POST employees/{id}/remove-passkeys", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/remove-passkeys", null), Ok, NotFound, Ok, OnAdminAccount: Forbidden),
        // A second factor is a credential: on an admin account, operators only (decision 0029).
        new("POST employees/{id}/reset-authenticator", t => (HttpMethod.Post, $"employees/{t.EmployeeId}/reset-authenticator", null),
            Ok, NotFound, Ok, OnAdminAccount: Forbidden),

        new("GET companies/{id}/dashboard", t => (HttpMethod.Get, $"companies/{t.CompanyId}/dashboard", null), Ok, NotFound, Ok),
        new("POST employees/bulk/preview", t => (HttpMethod.Post, "employees/bulk/preview",
            new BulkRequest(BulkActions.Reissue, null, new BulkFilter(t.CompanyId, null, null))), Ok, NotFound, Ok),
        new("POST employees/bulk by filter", t => (HttpMethod.Post, "employees/bulk",
            new BulkRequest(BulkActions.Unlock, null, new BulkFilter(t.CompanyId, EmployeeStates.Locked, null))), Ok, NotFound, Ok),
        new("POST employees/bulk by ids", t => (HttpMethod.Post, "employees/bulk", new BulkRequest(BulkActions.Suspend, [t.EmployeeId], null)),
            Ok, Ok, Ok, OnAdminAccount: Ok, RefusesPerEmployee: true),

        new("GET audit", t => (HttpMethod.Get, $"audit?userId={t.EmployeeId}", null), Ok, Ok, Ok),

        // Exports answer every admin with their own company's rows (another company's are simply not in the file).
        new("GET employees/export", t => (HttpMethod.Get, $"employees/export?companyId={t.CompanyId}&encoding=shift_jis", null), Ok, Ok, Ok),
        new("GET audit/export", t => (HttpMethod.Get, $"audit/export?userId={t.EmployeeId}", null), Ok, Ok, Ok),

        new("GET clients", _ => (HttpMethod.Get, "clients", null), Forbidden, Forbidden, Ok),
        new("POST clients", _ => (HttpMethod.Post, "clients",
            new RegisterClientRequest("rp-" + NewCode(), "RP", false, [], [], [], ["client_credentials"])), Forbidden, Forbidden, Created),
        new("PUT clients/{clientId}/redirects", t => (HttpMethod.Put, $"clients/{t.ClientId}/redirects",
            new UpdateClientRedirectsRequest(["https://rp.example/new-callback"], [])), Forbidden, Forbidden, Ok, NeedsClient: true),
        new("POST clients/{clientId}/rotate-secret", t => (HttpMethod.Post, $"clients/{t.ClientId}/rotate-secret", null), Forbidden, Forbidden, Ok, NeedsClient: true),

        new("GET companies/{id}/representatives", t => (HttpMethod.Get, $"companies/{t.CompanyId}/representatives", null), Ok, NotFound, Ok),
        new("PUT employees/{id}/roles/company-admin", t => (HttpMethod.Put, $"employees/{t.EmployeeId}/roles/company-admin", null),
            Forbidden, Forbidden, Ok, OnAdminAccount: Forbidden),
        new("DELETE employees/{id}/roles/company-admin", t => (HttpMethod.Delete, $"employees/{t.EmployeeId}/roles/company-admin", null),
            Forbidden, Forbidden, Ok, OnAdminAccount: Forbidden),
        new("PUT employees/{id}/roles/operator", t => (HttpMethod.Put, $"employees/{t.SupportEmployeeId}/roles/operator", null),
            Forbidden, Forbidden, Ok, NeedsSupportAccount: true),
        new("DELETE employees/{id}/roles/operator", t => (HttpMethod.Delete, $"employees/{t.EmployeeId}/roles/operator", null),
            Forbidden, Forbidden, Ok, OnAdminAccount: Forbidden),
        new("GET operators", _ => (HttpMethod.Get, "operators", null), Forbidden, Forbidden, Ok),
        new("GET clients/{clientId}", t => (HttpMethod.Get, $"clients/{t.ClientId}", null), Forbidden, Forbidden, Ok, NeedsClient: true),
        new("PUT clients/{clientId}", t => (HttpMethod.Put, $"clients/{t.ClientId}",
            new UpdateClientRequest("Renamed RP", ["https://rp.example/new-callback"], [])), Forbidden, Forbidden, Ok, NeedsClient: true),
        new("POST clients/{clientId}/disable", t => (HttpMethod.Post, $"clients/{t.ClientId}/disable", null), Forbidden, Forbidden, Ok, NeedsClient: true),
        new("POST clients/{clientId}/enable", t => (HttpMethod.Post, $"clients/{t.ClientId}/enable", null), Forbidden, Forbidden, Ok, NeedsClient: true),
        new("DELETE clients/{clientId}", t => (HttpMethod.Delete, $"clients/{t.ClientId}", null), Forbidden, Forbidden, NoContent, NeedsClient: true),

        // Reissue requests (decision 0028): approving reissues, so on an admin account it is for operators only.
        new("GET reissue-requests", t => (HttpMethod.Get, $"reissue-requests?companyId={t.CompanyId}", null), Ok, NotFound, Ok,
            OnAdminAccount: Ok, NeedsReissueRequest: true),
        new("POST reissue-requests/{id}/approve", t => (HttpMethod.Post, $"reissue-requests/{t.ReissueRequestId}/approve", null), Ok, NotFound, Ok,
            OnAdminAccount: Forbidden, NeedsReissueRequest: true),
        new("POST reissue-requests/{id}/decline", t => (HttpMethod.Post, $"reissue-requests/{t.ReissueRequestId}/decline",
            new DeclineReissueRequest("本人確認ができません")), Ok, NotFound, Ok, OnAdminAccount: Ok, NeedsReissueRequest: true),
    ];

    private string operatorToken = null!;
    private string wrongScopeToken = null!;
    private TestEmployee adminOfA = null!;
    private string adminOfAToken = null!;
    private string adminOfBToken = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        operatorToken = await AdminTokens.OperatorClientAsync(app);
        // Even an admin's own token is useless here when its app did not ask for the admin scope.
        var employeeAdmin = await app.CreateAdminAsync(HarmonyRoles.Operator);
        wrongScopeToken = await AdminTokens.WithoutAdminScopeAsync(app, employeeAdmin);
        adminOfA = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        adminOfAToken = await AdminTokens.AdminAsync(app, adminOfA);
        adminOfBToken = await AdminTokens.AdminAsync(app, await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin));
    }

    private static IEnumerable<TestCaseData> Cases() =>
        from endpoint in Endpoints
        from caller in Enum.GetValues<Caller>()
        where endpoint.OnAdminAccount is not null || caller is not (Caller.SameCompanyAdminOnAdminAccount or Caller.OperatorOnAdminAccount)
        select new TestCaseData(endpoint, caller).SetName($"{endpoint.Name} as {caller}");

    [TestCaseSource(nameof(Cases))]
    public async Task Endpoint_AnswersEachCaller_WithItsStatus(Endpoint endpoint, Caller caller)
    {
        // Records of company A for its own representative and for B's; of a company of their own otherwise, so that
        // operator actions (deactivating, renaming) never touch company A.
        var companyId = caller is Caller.SameCompanyAdmin or Caller.OtherCompanyAdmin or Caller.SameCompanyAdminOnAdminAccount
            ? adminOfA.CompanyId
            : (await app.CreateEmployeeAsync()).CompanyId;
        var employee = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        // Temporary like the others, so that only the role makes the difference (a resend to a permanent account is a 409).
        if (caller is Caller.SameCompanyAdminOnAdminAccount or Caller.OperatorOnAdminAccount) await app.GrantRoleAsync(employee.Id, HarmonyRoles.CompanyAdmin);
        var clientId = endpoint.NeedsClient ? await RegisterClientAsync() : "";
        var supportEmployeeId = endpoint.NeedsSupportAccount ? (await app.AddEmployeeAsync(await app.SupportCompanyAsync())).Id : default;
        var reissueRequestId = endpoint.NeedsReissueRequest ? await ReissueRequestOfAsync(employee) : default;
        var (method, path, body) = endpoint.Request(new Target(companyId, employee.Id, clientId, supportEmployeeId, reissueRequestId));

        var token = caller switch
        {
            Caller.NoToken => null,
            Caller.WrongScope => wrongScopeToken,
            Caller.SameCompanyAdmin or Caller.SameCompanyAdminOnAdminAccount => adminOfAToken,
            Caller.OtherCompanyAdmin => adminOfBToken,
            _ => operatorToken,
        };
        var expected = caller switch
        {
            Caller.NoToken => HttpStatusCode.Unauthorized,
            Caller.WrongScope => HttpStatusCode.Forbidden,
            Caller.SameCompanyAdmin => endpoint.SameCompany,
            Caller.OtherCompanyAdmin => endpoint.OtherCompany,
            Caller.SameCompanyAdminOnAdminAccount => endpoint.OnAdminAccount!.Value,
            _ => endpoint.Operator,
        };

        var response = await new AdminApiClient(app, token).SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        if (expected == NotFound)
        {
            Assert.That(text, Does.Not.Contain(employee.Email).And.Not.Contain(employee.LoginId), "a 404 carries none of the record's data");
        }
        if (caller is Caller.OtherCompanyAdmin && endpoint.Name.EndsWith("/export", StringComparison.Ordinal))
        {
            Assert.That(text, Does.Not.Contain(employee.LoginId), "another company's rows are not in the export");
        }
        if (caller is (Caller.OtherCompanyAdmin or Caller.SameCompanyAdminOnAdminAccount) && (expected is NotFound or Forbidden || endpoint.RefusesPerEmployee))
        {
            var after = await app.ReadUserAsync(employee.Id);
            Assert.That((after.IsSuspended, after.UserName, after.Email, after.DisplayName), Is.EqualTo((false, employee.LoginId, employee.Email, "試験 次郎")),
                "a refused call changes nothing");
            if (endpoint.NeedsReissueRequest) Assert.That((await app.RequestAsync(reissueRequestId)).State, Is.EqualTo(ReissueRequestState.Pending));
        }
    }

    /// <summary>The employee's credentials expire and they send a reissue request from the expired-credentials page.</summary>
    private async Task<Guid> ReissueRequestOfAsync(TestEmployee employee)
    {
        await app.ChangeUserAsync(employee.Id, u => u.TemporaryExpiresAt = app.Time.GetUtcNow().AddDays(-1));
        await app.SendReissueRequestAsync(employee);
        return (await ReissueRequestTestData.PendingRequestOfAsync(new AdminApiClient(app, operatorToken), employee)).Id;
    }

    private async Task<string> RegisterClientAsync()
    {
        var clientId = "rp-" + NewCode();
        var response = await new AdminApiClient(app, operatorToken).PostAsync("clients",
            new RegisterClientRequest(clientId, "RP", false, [HarmonyAppFactory.RedirectUri], [], ["openid"], ["authorization_code"]));
        Assert.That(response.StatusCode, Is.EqualTo(Created), await response.Content.ReadAsStringAsync());
        return clientId;
    }

    private static string NewCode() => "x" + Guid.NewGuid().ToString("N")[..12];
}
