using AngleSharp.Html.Dom;
using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Features.SignIn.Reissue;

/// <summary>Reissue requests (decision 0028) as an employee sends them: the right expired password, then the button.</summary>
public static class ReissueRequestTestData
{
    /// <summary>Signs in with the expired temporary credentials and follows to the expired-credentials page.</summary>
    /// <param name="browser">A browser of the server on its socket (a Kestrel server); the in-memory one by default.</param>
    public static async Task<(HttpClient Browser, Uri PageUri, IHtmlDocument Page)> OpenExpiredPageAsync(
        this HarmonyAppFactory app, TestEmployee employee, string language = "ja", HttpClient? browser = null)
    {
        browser ??= app.CreateBrowser();
        var response = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password,
            new Dictionary<string, string> { ["ui_locales"] = language });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), await response.Content.ReadAsStringAsync());
        var pageUri = new Uri(browser.BaseAddress!, response.Headers.Location!);
        Assert.That(pageUri.AbsolutePath, Is.EqualTo("/account/temporary-expired"));
        var page = await browser.GetAsync(pageUri);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (browser, pageUri, await page.ReadHtmlAsync());
    }

    /// <summary>Presses "ask my company to reissue" on the page; returns the page that answers.</summary>
    public static async Task<IHtmlDocument> PressReissueAsync(HttpClient browser, Uri pageUri, IHtmlDocument page)
    {
        var response = await browser.SubmitFormAsync(page, pageUri, new Dictionary<string, string>());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadHtmlAsync();
    }

    /// <summary>The whole walk for <paramref name="employee"/>; returns the outcome's text (title first).</summary>
    public static async Task<string> SendReissueRequestAsync(this HarmonyAppFactory app, TestEmployee employee, string language = "ja",
        HttpClient? socketBrowser = null)
    {
        var (browser, uri, page) = await app.OpenExpiredPageAsync(employee, language, socketBrowser);
        return (await PressReissueAsync(browser, uri, page)).Text("#reissue-outcome");
    }

    /// <summary>The employee's pending request as the operator's API lists it.</summary>
    public static async Task<ReissueRequestView> PendingRequestOfAsync(AdminApiClient client, TestEmployee employee) =>
        (await client.GetAsync<List<ReissueRequestView>>($"reissue-requests?employeeId={employee.Id}")).Single();

    public static Task<int> RequestCountAsync(this HarmonyAppFactory app, Guid employeeId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<ReissueRequest>().CountAsync(r => r.UserId == employeeId));

    public static Task<ReissueRequest> RequestAsync(this HarmonyAppFactory app, Guid requestId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<ReissueRequest>().AsNoTracking().SingleAsync(r => r.Id == requestId));
}
