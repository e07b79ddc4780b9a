namespace Harmony.Identity.Tests.Features.Help;

/// <summary>FAQ Q9 (unsupported browsers) and the help page every message links to.</summary>
public sealed class HelpAndBrowserTests : AppFixture
{
    private const string InternetExplorer11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";
    private const string InternetExplorer10 = "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)";
    private const string Edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0";

    [TestCase(InternetExplorer11, "ja", "お使いのブラウザには対応していません", "Google Chrome")]
    [TestCase(InternetExplorer10, "en", "Your browser is not supported", "Google Chrome")]
    public async Task InternetExplorer_GetsTheUnsupportedPage_NamingTheRecommendedEnvironment(string userAgent, string language, string title, string names)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new OidcFlow(app.CreateBrowser()).AuthorizeUrl(extra: new Dictionary<string, string> { ["ui_locales"] = language }));
        request.Headers.UserAgent.ParseAdd(userAgent);
        var response = await app.CreateBrowser().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.ReadHtmlAsync();
        Assert.That(page.Text("h1"), Is.EqualTo(title));
        Assert.That(page.Body!.TextContent, Does.Contain(names).And.Contain("Edge").And.Contain("Safari"));
        Assert.That(page.QuerySelectorAll("script"), Is.Empty);
    }

    [Test]
    public async Task OtherBrowsers_GetTheNormalPages()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.UserAgent.ParseAdd(Edge);
        var page = await (await app.CreateBrowser().SendAsync(request)).ReadHtmlAsync();
        Assert.That(page.QuerySelector("input#login-id"), Is.Not.Null);
    }

    [Test]
    public async Task InternetExplorer_DoesNotBreakBackChannelCalls()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.UserAgent.ParseAdd(InternetExplorer11);
        var response = await app.CreateBrowser().SendAsync(request);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
    }

    [TestCase("ja", "よくあるご質問(マイページのログイン)")]
    [TestCase("en", "Help: logging in to My Page")]
    public async Task HelpPage_AnswersEveryFaqQuestion_InBothLanguages(string language, string title)
    {
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");
        var page = await (await browser.GetAsync("/help")).ReadHtmlAsync();

        Assert.That(page.Text("h1"), Is.EqualTo(title));
        for (var q = 1; q <= 11; q++)
        {
            Assert.That(page.QuerySelector($"section#q{q} h2"), Is.Not.Null, $"Q{q}");
            Assert.That(page.QuerySelector($".toc a[href='#q{q}']"), Is.Not.Null, $"Q{q} in the list");
        }
        Assert.That(page.Text("#q1 h2"), Does.Contain(language == "ja" ? "無効なログインIDまたはパスワードです。" : "Invalid login ID or password."));
        Assert.That(page.Text("#q3 h2"), Does.Contain(language == "ja" ? "アカウントがロックされています" : "Login ID is locked"));
        Assert.That(page.Text("#q11 h2"), Does.Contain(language == "ja" ? "仮ログインID/パスワードの有効期限が切れました" : "Your temporary ID and password have expired"));
        Assert.That(page.Text("#q2 h2"), Does.Contain("Failed to connect to harmony server"));
        if (language == "ja") Assert.That(page.Text("#q1 .support"), Does.Contain("0120-695-405"), "the support block comes from configuration");
    }

    /// <summary>Issue 13 item 6: where the employee can solve it alone, the answer says how before it gives the free-call number.</summary>
    [TestCase("ja")]
    [TestCase("en")]
    public async Task HelpAnswers_NameTheSelfServicePath_BeforeThePhone(string language)
    {
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");
        var page = await (await browser.GetAsync("/help")).ReadHtmlAsync();

        foreach (var (question, path) in new[]
                 {
                     ("q1", "/account/forgot-password"), ("q3", "/account/forgot-password"), ("q4", "/account"),
                     ("q5", "/account/forgot-password"), ("q6", "/account/forgot-login-id"), ("q7", "/account/forgot-password"),
                 })
        {
            var answer = page.QuerySelector($"section#{question}")!;
            var link = answer.QuerySelector($"a[href='{path}']");
            Assert.That(link, Is.Not.Null, $"{question} links to {path}");
            if (answer.QuerySelector(".support") is { } phone)
            {
                Assert.That(link!.CompareDocumentPosition(phone).HasFlag(AngleSharp.Dom.DocumentPositions.Following), Is.True,
                    $"{question}: the self-service path comes before the free-call number");
            }
        }
        Assert.That(page.Text("#q3"), Does.Contain(language == "ja" ? "ロックを解除する" : "Unlock my account"), "Q3: the emailed unlock link");
        Assert.That(page.Text("#q11"), Does.Contain(language == "ja" ? "会社に再発行を依頼する" : "Ask my company to reissue"), "Q11: the reissue request");
        Assert.That(page.Text("#q4"), Does.Contain(language == "ja" ? "パスキー" : "passkey"), "Q4: a passkey needs no email");
    }

    [Test]
    public async Task ErrorMessages_LinkToTheirAnswer()
    {
        var employee = await app.CreateEmployeeAsync();
        var page = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password1")).ReadHtmlAsync();
        Assert.That(page.QuerySelector("[role=alert] a[href='/help#q1']"), Is.Not.Null);
        Assert.That(page.QuerySelector("footer a[href='/help']"), Is.Not.Null);
    }
}
