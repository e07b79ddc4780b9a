namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Integrators read the admin API from its OpenAPI document (issue 5, item 1).</summary>
public sealed class OpenApiDocumentTests : AppFixture
{
    private static readonly (string Path, string Method, string OperationId)[] Operations =
    [
        ("/api/admin/companies", "get", "ListCompanies"),
        ("/api/admin/companies", "post", "CreateCompany"),
        ("/api/admin/companies/{id}", "get", "GetCompany"),
        ("/api/admin/companies/{id}", "put", "UpdateCompany"),
        ("/api/admin/companies/{id}/deactivate", "post", "DeactivateCompany"),
        ("/api/admin/companies/{id}/activate", "post", "ActivateCompany"),
        ("/api/admin/employees", "get", "SearchEmployees"),
        ("/api/admin/employees", "post", "EnrolEmployee"),
        ("/api/admin/employees/{id}", "get", "GetEmployee"),
        ("/api/admin/employees/{id}/email", "put", "UpdateEmployeeEmail"),
        ("/api/admin/employees/{id}/resend-instruction", "post", "ResendInstructionEmail"),
        ("/api/admin/employees/{id}/suspend", "post", "SuspendEmployee"),
        ("/api/admin/employees/{id}/resume", "post", "ResumeEmployee"),
        ("/api/admin/employees/{id}/unlock", "post", "UnlockEmployee"),
        ("/api/admin/employees/{id}/lift-email-restriction", "post", "LiftEmployeeEmailRestriction"),
        ("/api/admin/employees/{id}/remove-passkeys", "post", "RemoveEmployeePasskeys"),
        ("/api/admin/audit", "get", "SearchAudit"),
        ("/api/admin/employees/export", "get", "ExportEmployees"),
        ("/api/admin/audit/export", "get", "ExportAudit"),
        ("/api/admin/clients", "get", "ListClients"),
        ("/api/admin/clients", "post", "RegisterClient"),
        ("/api/admin/clients/{clientId}/redirects", "put", "UpdateClientRedirects"),
        ("/api/admin/clients/{clientId}/rotate-secret", "post", "RotateClientSecret"),
        ("/api/admin/clients/{clientId}", "get", "GetClient"),
        ("/api/admin/clients/{clientId}", "put", "UpdateClient"),
        ("/api/admin/clients/{clientId}", "delete", "DeleteClient"),
        ("/api/admin/clients/{clientId}/disable", "post", "DisableClient"),
        ("/api/admin/clients/{clientId}/enable", "post", "EnableClient"),
    ];

    [Test]
    public async Task Document_IsServedWithoutAToken_AndDescribesEveryOperation()
    {
        Assert.That(AdminApiRoutes.OpenApiDocument, Is.EqualTo("/api/admin/admin.json"), "the URL the README gives");
        var response = await app.CreateBrowser().GetAsync(AdminApiRoutes.OpenApiDocument);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);

        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");
        Assert.Multiple(() =>
        {
            foreach (var (path, method, operationId) in Operations)
            {
                Assert.That(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out var operation) &&
                            operation.GetProperty("operationId").GetString() == operationId,
                    Is.True, $"{method.ToUpperInvariant()} {path} as {operationId}");
            }
        });
    }

    [Test]
    public async Task Document_DescribesTheRequestAndResponseTypes_AndTheErrorAnswers()
    {
        var document = JsonDocument.Parse(await app.CreateBrowser().GetStringAsync(AdminApiRoutes.OpenApiDocument)).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "CreateEmployeeRequest", "EmployeeCreated", "EmployeeDetail", "ActionResult", "CompanyDetail", "ClientSecretIssued" })
        {
            Assert.That(schemas.TryGetProperty(name, out _), Is.True, name);
        }

        var policy = schemas.GetProperty("CompanyPolicyDto").GetProperty("properties");
        Assert.That(policy.GetProperty("secondFactor").GetProperty("enum").EnumerateArray().Select(v => v.GetString()),
            Is.EqualTo(Enum.GetNames<SecondFactorMode>()), "the second-factor modes a policy may name");
        Assert.That(policy.GetProperty("passwordRules").GetProperty("enum").EnumerateArray().Select(v => v.GetString()),
            Is.EqualTo(new[] { "Faq", "Nist" }), "the password rule sets");

        var enrol = document.GetProperty("paths").GetProperty("/api/admin/employees").GetProperty("post").GetProperty("responses");
        Assert.That(enrol.EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "201", "400", "401", "403", "404", "409" }));
        var suspend = document.GetProperty("paths").GetProperty("/api/admin/employees/{id}/suspend").GetProperty("post").GetProperty("responses");
        Assert.That(suspend.EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "200", "401", "403", "404" }));
    }
}
