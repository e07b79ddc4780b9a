using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using ActionResult = Harmony.Identity.Contracts.Admin.ActionResult;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>
/// The identity server's admin API, as the pages use it: one method per operation, answers as Contracts records,
/// refusals as <see cref="ApiProblem"/>. The signed-in admin's token rides on every call (<see cref="AccessTokenHandler"/>).
/// </summary>
public sealed partial class AdminApiClient(HttpClient http) : IAdminIdentitySource
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Route(string relative) => AdminApiRoutes.Base + relative;

    /// <inheritdoc />
    public async Task<AdminIdentity?> WhoIsAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Route("/me"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<AdminIdentity>(Json, cancellationToken);
    }

    // Companies

    public Task<ApiResult<PagedResult<CompanySummary>>> ListCompaniesAsync(string? text, int page, int pageSize, CancellationToken cancellationToken) =>
        GetAsync<PagedResult<CompanySummary>>(Query("/companies", ("text", text), ("page", Number(page)), ("pageSize", Number(pageSize))), cancellationToken);

    public Task<ApiResult<CompanyDetail>> GetCompanyAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync<CompanyDetail>(Route($"/companies/{id}"), cancellationToken);

    public Task<ApiResult<CompanyDetail>> CreateCompanyAsync(CreateCompanyRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<CompanyDetail>(HttpMethod.Post, Route("/companies"), body, cancellationToken);

    public Task<ApiResult<CompanyDetail>> UpdateCompanyAsync(Guid id, UpdateCompanyRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<CompanyDetail>(HttpMethod.Put, Route($"/companies/{id}"), body, cancellationToken);

    public Task<ApiResult<ActionResult>> SetCompanyActiveAsync(Guid id, bool active, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(HttpMethod.Post, Route($"/companies/{id}/{(active ? "activate" : "deactivate")}"), null, cancellationToken);

    /// <summary>Every company an operator may pick from (the API pages them; a few thousand at most).</summary>
    public async Task<IReadOnlyList<CompanySummary>> AllCompaniesAsync(CancellationToken cancellationToken)
    {
        var all = new List<CompanySummary>();
        for (var page = 1; page <= 50; page++)
        {
            var result = await ListCompaniesAsync(null, page, 200, cancellationToken);
            if (result.Value is null) break;
            all.AddRange(result.Value.Items);
            if (all.Count >= result.Value.Total || result.Value.Items.Count == 0) break;
        }
        return all;
    }

    // Employees

    public Task<ApiResult<PagedResult<EmployeeSummary>>> SearchEmployeesAsync(EmployeeQuery query, CancellationToken cancellationToken) =>
        GetAsync<PagedResult<EmployeeSummary>>(Query("/employees",
            [.. EmployeeFilter(query), ("page", Number(query.Page)), ("pageSize", Number(query.PageSize))]), cancellationToken);

    public Task<ApiResult<EmployeeDetail>> GetEmployeeAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync<EmployeeDetail>(Route($"/employees/{id}"), cancellationToken);

    public Task<ApiResult<EmployeeCreated>> CreateEmployeeAsync(CreateEmployeeRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<EmployeeCreated>(HttpMethod.Post, Route("/employees"), body, cancellationToken);

    public Task<ApiResult<EmailCorrectionResult>> UpdateEmployeeEmailAsync(Guid id, UpdateEmployeeEmailRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<EmailCorrectionResult>(HttpMethod.Put, Route($"/employees/{id}/email"), body, cancellationToken);

    public Task<ApiResult<ActionResult>> UpdateEmployeeAsync(Guid id, UpdateEmployeeRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(HttpMethod.Put, Route($"/employees/{id}"), body, cancellationToken);

    /// <summary>One of the employee actions (<see cref="EmployeeActions"/>): resend, suspend, resume, unlock, lift restriction.</summary>
    public Task<ApiResult<ActionResult>> RunEmployeeActionAsync(Guid id, string action, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(HttpMethod.Post, Route($"/employees/{id}/{EmployeeActions.Path(action)}"), null, cancellationToken);

    // Audit

    public Task<ApiResult<PagedResult<AuditEntryDto>>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        GetAsync<PagedResult<AuditEntryDto>>(Query("/audit",
            [.. AuditFilter(query), ("page", Number(query.Page)), ("pageSize", Number(query.PageSize))]), cancellationToken);

    // CSV exports

    /// <summary>The employees <paramref name="query"/> finds, as the API streams them (its page and size do not apply).</summary>
    public Task<ApiResult<HttpResponseMessage>> ExportEmployeesAsync(EmployeeQuery query, string encoding, string timeZone, CancellationToken cancellationToken) =>
        DownloadAsync(Query("/employees/export", [.. EmployeeFilter(query), .. ExportFormat(encoding, timeZone)]), cancellationToken);

    /// <summary>The audit events <paramref name="query"/> finds, as the API streams them (its page and size do not apply).</summary>
    public Task<ApiResult<HttpResponseMessage>> ExportAuditAsync(AuditQuery query, string encoding, string timeZone, CancellationToken cancellationToken) =>
        DownloadAsync(Query("/audit/export", [.. AuditFilter(query), .. ExportFormat(encoding, timeZone)]), cancellationToken);

    private static (string Name, string? Value)[] EmployeeFilter(EmployeeQuery query) =>
    [
        ("companyId", query.CompanyId?.ToString()), ("text", query.Text), ("state", query.State),
        ("sort", query.Sort), ("direction", query.Direction),
    ];

    private static (string Name, string? Value)[] AuditFilter(AuditQuery query) =>
    [
        ("userId", query.UserId?.ToString()), ("companyId", query.CompanyId?.ToString()), ("referenceCode", query.ReferenceCode),
        ("from", query.From?.ToString("o", CultureInfo.InvariantCulture)), ("to", query.To?.ToString("o", CultureInfo.InvariantCulture)),
        ("person", query.Person), ("event", query.Event),
    ];

    private static (string Name, string? Value)[] ExportFormat(string encoding, string timeZone) =>
        [(CsvExports.EncodingParameter, encoding), (CsvExports.TimeZoneParameter, timeZone)];

    /// <summary>The answer with its body unread, for the caller to pass on and dispose; a refusal as for any call.</summary>
    private async Task<ApiResult<HttpResponseMessage>> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode) return ApiResult<HttpResponseMessage>.Success(response);
        using (response) return ApiResult<HttpResponseMessage>.Failure(await RefusalAsync(request, response, cancellationToken));
    }

    // Relying-party clients

    public async Task<ApiResult<IReadOnlyList<ClientDto>>> ListClientsAsync(CancellationToken cancellationToken)
    {
        var answer = await GetAsync<JsonElement>(Route("/clients"), cancellationToken);
        if (answer.Problem is not null) return ApiResult<IReadOnlyList<ClientDto>>.Failure(answer.Problem);
        // A plain list, or a page of them.
        var list = answer.Value.ValueKind == JsonValueKind.Array
            ? answer.Value.Deserialize<List<ClientDto>>(Json)
            : answer.Value.Deserialize<PagedResult<ClientDto>>(Json)?.Items.ToList();
        return ApiResult<IReadOnlyList<ClientDto>>.Success(list ?? []);
    }

    public Task<ApiResult<ClientDto>> GetClientAsync(string clientId, CancellationToken cancellationToken) =>
        GetAsync<ClientDto>(ClientRoute(clientId), cancellationToken);

    public Task<ApiResult<ClientDto>> UpdateClientAsync(string clientId, UpdateClientRequest body, CancellationToken cancellationToken) =>
        SendJsonAsync<ClientDto>(HttpMethod.Put, ClientRoute(clientId), body, cancellationToken);

    public Task<ApiResult<ActionResult>> SetClientDisabledAsync(string clientId, bool disabled, CancellationToken cancellationToken) =>
        SendJsonAsync<ActionResult>(HttpMethod.Post, ClientRoute(clientId) + (disabled ? "/disable" : "/enable"), null, cancellationToken);

    public Task<ApiResult<JsonElement>> DeleteClientAsync(string clientId, CancellationToken cancellationToken) =>
        SendJsonAsync<JsonElement>(HttpMethod.Delete, ClientRoute(clientId), null, cancellationToken);

    private static string ClientRoute(string clientId) => Route($"/clients/{Uri.EscapeDataString(clientId)}");

    /// <summary>Registers a client; a confidential one comes back with its secret, which is never shown again.</summary>
    public async Task<ApiResult<ClientSecretIssued?>> RegisterClientAsync(RegisterClientRequest body, CancellationToken cancellationToken)
    {
        var answer = await SendJsonAsync<JsonElement>(HttpMethod.Post, Route("/clients"), body, cancellationToken);
        if (answer.Problem is not null) return ApiResult<ClientSecretIssued?>.Failure(answer.Problem);
        var secret = FindString(answer.Value, "clientSecret");
        return ApiResult<ClientSecretIssued?>.Success(secret is null ? null : new ClientSecretIssued(FindString(answer.Value, "clientId") ?? body.ClientId ?? "", secret));
    }

    public Task<ApiResult<ClientSecretIssued>> RotateClientSecretAsync(string clientId, CancellationToken cancellationToken) =>
        SendJsonAsync<ClientSecretIssued>(HttpMethod.Post, ClientRoute(clientId) + "/rotate-secret", null, cancellationToken);

    // CSV import

    /// <summary>Checks a CSV file; nothing is imported.</summary>
    public async Task<ApiResult<ImportReport>> CheckEmployeeImportAsync(Guid companyId, byte[] file, string fileName, CancellationToken cancellationToken)
    {
        using var request = ImportRequest(companyId, file, fileName, confirmHash: null);
        return await SendAsync<ImportReport>(request, cancellationToken);
    }

    /// <summary>Confirms the checked file by its hash: the server starts importing its valid rows in the background.</summary>
    public async Task<ApiResult<EmployeeImportStatus>> ConfirmEmployeeImportAsync(
        Guid companyId, byte[] file, string fileName, string fileHash, CancellationToken cancellationToken)
    {
        using var request = ImportRequest(companyId, file, fileName, fileHash);
        return await SendAsync<EmployeeImportStatus>(request, cancellationToken);
    }

    /// <summary>The progress and result of a confirmed import.</summary>
    public Task<ApiResult<EmployeeImportStatus>> GetEmployeeImportAsync(Guid companyId, Guid importId, CancellationToken cancellationToken) =>
        GetAsync<EmployeeImportStatus>(EmployeeImportApi.StatusPath(companyId, importId), cancellationToken);

    private static HttpRequestMessage ImportRequest(Guid companyId, byte[] file, string fileName, string? confirmHash)
    {
        var path = EmployeeImportApi.Path(companyId);
        if (confirmHash is not null)
        {
            path = QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
            {
                [EmployeeImportApi.ConfirmParameter] = "true",
                [EmployeeImportApi.FileHashParameter] = confirmHash,
            });
        }
        var content = new MultipartFormDataContent();
        var filePart = new ByteArrayContent(file);
        filePart.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(filePart, EmployeeImportApi.FileField, string.IsNullOrWhiteSpace(fileName) ? "employees.csv" : fileName);
        // Disposing the request disposes its content.
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    // Plumbing

    private async Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync<T>(request, cancellationToken);
    }

    private async Task<ApiResult<T>> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
        };
        return await SendAsync<T>(request, cancellationToken);
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Length == 0) return ApiResult<T>.Success(default!);
            return ApiResult<T>.Success(JsonSerializer.Deserialize<T>(text, Json)!);
        }

        return ApiResult<T>.Failure(await RefusalAsync(request, response, cancellationToken));
    }

    /// <summary>The problem of a refused call the page shows; an ended session, a 403 and a server error are thrown.</summary>
    private static async Task<ApiProblem> RefusalAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await ReadProblemAsync(response, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => throw new ApiSessionEndedException(),
            HttpStatusCode.Forbidden => throw new ApiForbiddenException(problem.Detail),
            >= HttpStatusCode.InternalServerError => throw new HttpRequestException(
                $"The admin API answered {(int)response.StatusCode} to {request.Method} {request.RequestUri}.", null, response.StatusCode),
            _ => problem,
        };
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        string? title = null, detail = null;
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var root = document.RootElement;
                title = FindString(root, "title");
                detail = FindString(root, "detail");
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                            : [field.Value.ToString()];
                    }
                }
            }
            catch (JsonException)
            {
                // Not a problem document after all: the status alone says enough.
            }
        }
        return new ApiProblem(status, title, detail, errors);
    }

    private static string? FindString(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }
        return null;
    }

    private static string Query(string relative, params (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString(Route(relative),
            parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The actions on one employee, by the name the site uses in its URLs and the API's path.</summary>
public static class EmployeeActions
{
    public const string Resend = "resend-instruction";
    public const string Suspend = "suspend";
    public const string Resume = "resume";
    public const string Unlock = "unlock";
    public const string LiftRestriction = "lift-email-restriction";

    /// <summary>Removes every passkey of the employee (a lost device; decision 0030).</summary>
    public const string RemovePasskeys = "remove-passkeys";

    /// <summary>Removes the authenticator app and its recovery codes, for a lost phone (decision 0029).</summary>
    public const string ResetAuthenticator = "reset-authenticator";

    public static readonly IReadOnlyList<string> All = [Resend, Suspend, Resume, Unlock, LiftRestriction, RemovePasskeys, ResetAuthenticator];

    /// <summary>Suspend ends sessions; resume issues new temporary credentials; the reset removes a second factor: confirmed on a page first.</summary>
    public static readonly IReadOnlyList<string> Destructive = [Suspend, Resume, RemovePasskeys, ResetAuthenticator];

    public static string Path(string action) =>
        All.Contains(action) ? action : throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown employee action.");
}
