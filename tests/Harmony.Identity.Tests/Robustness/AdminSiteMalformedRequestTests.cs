using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Tests.Robustness;

/// <summary>
/// The same generator against the admin site (both apps on Kestrel), as an anonymous visitor reaches it: its OpenID
/// Connect callbacks, its anonymous pages and the forms that must send it to sign in. Redirects may go to the site
/// itself or to its identity server.
/// </summary>
[Category("Robustness")]
public sealed class AdminSiteMalformedRequestTests : AdminSiteFixture
{
    private const int CiSeed = 20261127;

    private readonly ServerErrorLog siteLog = new();

    /// <summary>Hundreds of hostile requests, and a listener on the site's log: apps of its own.</summary>
    protected override bool OwnServer => true;

    [OneTimeSetUp]
    public void ListenToTheSiteLog()
    {
        hosts.Admin.Services.GetRequiredService<ILoggerFactory>().AddProvider(siteLog);
    }

    [Test]
    public async Task MalformedRequests_OnTheAdminSite_NeverGet5xxResetReflectionOrForeignRedirect()
    {
        var settings = FuzzSettings.FromEnvironment(CiSeed, defaultCases: 800);
        var generator = new MalformedRequestGenerator(settings.Seed, hosts.AdminUrl.Authority, await FetchCredentialsAsync());

        var report = await FuzzRunner.RunAsync(generator, FuzzArea.AdminSite, settings.Indices, hosts.AdminUrl, siteLog, settings.Budget,
            parallelism: settings.Only is null ? 4 : 1, hosts.ServerUrl);
        TestContext.Progress.WriteLine(report.Summary());

        Assert.That(report.Failures, Is.Empty, report.Describe());
        if (!settings.BudgetChosen) Assert.That(report.Outcomes, Has.Count.EqualTo(settings.Indices.Count), "CI's run must finish within its budget: " + report.Summary());
    }

    [Test]
    public async Task Utf7Form_ToAPageThatBindsTheForm_ShowsTheErrorPage_Not500()
    {
        // A GET: the page's model binding reads a form it is sent, whatever the method.
        var request = new FuzzRequest { Method = "GET", Path = "/error/404", ContentType = "application/x-www-form-urlencoded; charset=utf-7" };
        request.Form.Add(KeyValuePair.Create("x", "y"));
        request.Headers.Add(KeyValuePair.Create("Accept-Language", "en"));

        var response = await RawHttp.SendAsync(new IPEndPoint(IPAddress.Loopback, hosts.AdminUrl.Port),
            request.ToBytes(hosts.AdminUrl.Authority, new Random(1)), TimeSpan.FromSeconds(20));

        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(response.Body, Does.Contain("The request could not be processed. Reopen the page and try again."));
    }

    /// <summary>
    /// The admin site's antiforgery cookie and token where an anonymous page has a form; otherwise junk, which is all an
    /// anonymous visitor has (the signed-in forms send them to sign in before antiforgery is checked).
    /// </summary>
    private async Task<FuzzCredentials> FetchCredentialsAsync()
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = hosts.AdminUrl };
        var page = await (await client.GetAsync("/account/sign-out")).ReadHtmlAsync();
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        var cookie = cookies.GetCookies(hosts.AdminUrl)["harmony.admin.antiforgery"];
        return new FuzzCredentials("harmony.admin.antiforgery", cookie?.Value ?? "CfDJ8-junk", token ?? "CfDJ8-junk", AdminAccessToken: "not-a-token");
    }
}
