using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Tests.Features.AdminApi.Import;

/// <summary>The import endpoint as an integrator calls it: a multipart upload with a bearer token.</summary>
public static class ImportApi
{
    /// <summary>An operator's token, from the confidential automation client (client_credentials).</summary>
    public static async Task<string> OperatorTokenAsync(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var flow = new OidcFlow(client, HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret);
        var tokens = await TokenResponse.ReadAsync(await flow.PostTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "harmony_admin",
        }));
        Assert.That(tokens.AccessToken, Is.Not.Null, tokens.Body.ToString());
        return tokens.AccessToken!;
    }

    public static async Task<HttpResponseMessage> PostAsync(WebApplicationFactory<Program> app, string? token, Guid companyId, byte[] file,
        bool? confirm = null, string? fileHash = null, string? language = null, string fileName = "社員一覧.csv")
    {
        var query = new Dictionary<string, string?>();
        if (confirm is not null) query[EmployeeImportApi.ConfirmParameter] = confirm.Value ? "true" : "false";
        if (fileHash is not null) query[EmployeeImportApi.FileHashParameter] = fileHash;
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, EmployeeImportApi.FileField, fileName);

        var request = new HttpRequestMessage(HttpMethod.Post, QueryHelpers.AddQueryString(EmployeeImportApi.Path(companyId), query))
        {
            Content = content,
        };
        if (token is not null) request.WithBearer(token);
        if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);
    }

    /// <summary>Checks the file (dry run) and expects a report.</summary>
    public static async Task<ImportReport> CheckAsync(WebApplicationFactory<Program> app, string token, Guid companyId, byte[] file,
        string? language = null)
    {
        var response = await PostAsync(app, token, companyId, file, language: language);
        return await ReportAsync(response);
    }

    /// <summary>Confirms the file with its hash, expects the import to start (202) and waits until it has finished.</summary>
    public static async Task<EmployeeImportStatus> ConfirmAsync(WebApplicationFactory<Program> app, string token, Guid companyId, byte[] file)
    {
        var started = await StartAsync(app, token, companyId, file);
        return await FinishedAsync(app, token, companyId, started.Id);
    }

    /// <summary>Confirms the file with its hash and expects 202 Accepted with the import's status and Location.</summary>
    public static async Task<EmployeeImportStatus> StartAsync(WebApplicationFactory<Program> app, string token, Guid companyId, byte[] file)
    {
        var response = await PostAsync(app, token, companyId, file, confirm: true, fileHash: Sha256(file));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var status = (await response.Content.ReadFromJsonAsync<EmployeeImportStatus>(JsonSerializerOptions.Web))!;
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(EmployeeImportApi.StatusPath(companyId, status.Id)));
        return status;
    }

    /// <summary>GET on the import's status; the raw answer.</summary>
    public static async Task<HttpResponseMessage> GetStatusAsync(WebApplicationFactory<Program> app, string token, Guid companyId, Guid importId,
        string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, EmployeeImportApi.StatusPath(companyId, importId)).WithBearer(token);
        if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);
    }

    public static async Task<EmployeeImportStatus> StatusAsync(WebApplicationFactory<Program> app, string token, Guid companyId, Guid importId,
        string? language = null)
    {
        var response = await GetStatusAsync(app, token, companyId, importId, language);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<EmployeeImportStatus>(JsonSerializerOptions.Web))!;
    }

    /// <summary>Polls the status until the import has finished (a bounded number of polls, not a time limit).</summary>
    public static async Task<EmployeeImportStatus> FinishedAsync(WebApplicationFactory<Program> app, string token, Guid companyId, Guid importId,
        string? language = null)
    {
        for (var poll = 0; poll < 3000; poll++)
        {
            var status = await StatusAsync(app, token, companyId, importId, language);
            if (status.IsFinished) return status;
            await Task.Delay(50);
        }
        Assert.Fail($"Import {importId} did not finish.");
        return null!;
    }

    public static async Task<ImportReport> ReportAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImportReport>(JsonSerializerOptions.Web))!;
    }

    public static string Sha256(byte[] file) => Convert.ToHexStringLower(SHA256.HashData(file));

    /// <summary>The company's accounts as they are in the database now.</summary>
    public static Task<List<HarmonyUser>> EmployeesOfAsync(this HarmonyAppFactory app, Guid companyId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Users.AsNoTracking().Where(u => u.CompanyId == companyId).ToListAsync());

    /// <summary>What an import may leave behind for these addresses and this company: accounts, outbox emails, audit events.</summary>
    public static Task<(int Users, int Emails, int AuditEvents)> TracesAsync(this HarmonyAppFactory app, Guid companyId, IReadOnlyList<string> emails) =>
        app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var users = await db.Users.CountAsync(u => u.Email != null && emails.Contains(u.Email));
            var messages = await db.OutboxMessages.CountAsync(m => emails.Contains(m.ToAddress));
            var audit = await db.AuditEvents.CountAsync(a => a.CompanyId == companyId &&
                (a.Event == AuditEvents.EmployeesImported || a.Event == AuditEvents.TemporaryCredentialsIssued));
            return (users, messages, audit);
        });

    /// <summary>Gives an existing account an employee number.</summary>
    public static Task SetEmployeeNumberAsync(this HarmonyAppFactory app, Guid userId, string employeeNumber) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.EmployeeNumber = employeeNumber;
        return await db.SaveChangesAsync();
    });

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
