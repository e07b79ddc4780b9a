namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site's error page (issue 10, item 4): its reference code is in the request's one Error log entry.</summary>
public sealed class ErrorLogTests
{
    [Test]
    public async Task AServerError_IsLoggedOnce_WithTheReferenceCodeThePageShows()
    {
        // No identity server at the authority: the sign-in challenge cannot read its discovery document and fails.
        var site = SharedServers.Of<LoneAdminSite>();
        var before = site.Log.Count;

        var answer = await site.Site.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/");
        var reference = (await answer.ReadHtmlAsync()).Text(".reference code");
        var errors = site.Log.Since(before).Where(e => e.StartsWith("Error", StringComparison.Ordinal)).ToList();

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(reference, Has.Length.EqualTo(12));
        Assert.That(errors, Has.Count.EqualTo(1), "one entry for the failure, not the exception handler's as well");
        Assert.That(errors[0], Does.Contain($"reference {reference}").And.Contain("GET /"));
    }
}
