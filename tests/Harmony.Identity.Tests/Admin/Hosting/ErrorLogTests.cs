namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>
/// The admin site's error page (issue 10, item 4): its reference code is in the request's one Error log entry. An
/// identity server that cannot be reached is said so, with 503, not as an unexpected error.
/// </summary>
public sealed class ErrorLogTests
{
    [TestCase("ja", "ただいまログインサービスに接続できないため、管理サイトを表示できません。数分後にもう一度お試しください。")]
    [TestCase("en", "The admin site cannot reach the sign-in service right now. Please try again in a few minutes.")]
    public async Task AnUnreachableIdentityServer_Gives503_SayingSo_LoggedOnce_WithTheReferenceCodeThePageShows(string language, string message)
    {
        // No identity server at the authority: the sign-in challenge cannot read its discovery document and fails.
        var site = SharedServers.Of<LoneAdminSite>();
        var before = site.Log.Count;
        using var client = site.Site.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var answer = await client.GetAsync("/");
        var page = await answer.ReadHtmlAsync();
        var reference = page.Text(".reference code");
        var errors = site.Log.Since(before).Where(e => e.StartsWith("Error", StringComparison.Ordinal)).ToList();

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(page.Text("#error-body"), Is.EqualTo(message));
        Assert.That(reference, Has.Length.EqualTo(12));
        Assert.That(errors, Has.Count.EqualTo(1), "one entry for the failure, not the exception handler's as well");
        Assert.That(errors[0], Does.Contain($"reference {reference}").And.Contain("GET /"));
    }
}
