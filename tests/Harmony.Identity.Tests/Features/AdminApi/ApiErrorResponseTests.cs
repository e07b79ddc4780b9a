namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Every error of the admin API is problem details in the caller's language, also those that no endpoint wrote
/// (no token, a route that does not exist, a method it does not take), never the HTML error page.
/// </summary>
public sealed class ApiErrorResponseTests : AppFixture
{
    [TestCase(null, "me", "GET", HttpStatusCode.Unauthorized, "アクセストークンがないか、有効ではありません。")]
    [TestCase("en", "me", "GET", HttpStatusCode.Unauthorized, "The access token is missing or not valid.")]
    [TestCase(null, "no-such-thing", "GET", HttpStatusCode.NotFound, "指定されたリソースが見つかりません。")]
    [TestCase("en", "companies", "DELETE", HttpStatusCode.MethodNotAllowed, "This method is not allowed at this URL.")]
    public async Task AnErrorNoEndpointWrote_IsProblemDetails_InTheCallersLanguage(string? language, string path, string method, HttpStatusCode status, string detail)
    {
        var token = status == HttpStatusCode.Unauthorized ? null : await AdminTokens.OperatorClientAsync(app);
        var client = new AdminApiClient(app, token, language);

        var response = await client.SendAsync(new HttpMethod(method), path);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await Problem.ReadAsync(response, status);
        Assert.That(problem.Detail, Is.EqualTo(detail));
    }

    [Test]
    public async Task AnEmployeeTokenWithoutTheAdminScope_GetsA403Problem()
    {
        var employee = await app.CreateEmployeeAsync();
        var client = new AdminApiClient(app, await AdminTokens.WithoutAdminScopeAsync(app, employee));

        var problem = await Problem.ReadAsync(await client.GetAsync("me"), HttpStatusCode.Forbidden);

        Assert.That(problem.Detail, Is.EqualTo("この操作を行う権限がありません。"));
    }
}
