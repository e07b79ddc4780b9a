namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>What the admin site answers to hostile requests: a post without its antiforgery token, an undecodable host.</summary>
public sealed class HostileRequestTests : AdminSiteFixture
{
    [Test]
    public async Task APostWithoutTheAntiforgeryToken_IsRefused_WithTheLocalizedErrorPage()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = session.Browser.Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = hosts.AdminUrl,
        };

        var forged = await client.PostAsync("/employees/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "偽 太郎",
            ["Input.Email"] = "forged@example.com",
        }));

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await forged.ReadHtmlAsync();
        Assert.That(page.QuerySelector("h1")?.TextContent.Trim(), Is.EqualTo("エラーが発生しました"), "the error page, not an empty body");
        Assert.That(page.Body!.TextContent, Does.Contain("リクエストを処理できませんでした。"));
    }

    [Test]
    public async Task AHostThatIsNotAValidName_GetsA400_NotA500()
    {
        using var client = new HttpClient { BaseAddress = hosts.AdminUrl };

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "xn--zz" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
