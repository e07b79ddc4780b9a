using AngleSharp.Html.Dom;

namespace Harmony.Identity.Tests.Features.MyAccount;

/// <summary>Signs an employee in at the login page with <c>/account</c> as the return URL, and works the page's forms.</summary>
public static class MyAccountTestKit
{
    public const string Page = "/account";

    public const string WindowsChrome =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    public const string IPhoneSafari =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    /// <summary>A new browser (in <paramref name="language"/>, with <paramref name="userAgent"/>) signed in and on the My account page.</summary>
    public static async Task<HttpClient> SignedInBrowserAsync(this HarmonyAppFactory app, TestEmployee employee, string language = "ja",
        string? userAgent = null)
    {
        var browser = app.CreateBrowser();
        if (userAgent is not null) browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        await browser.GetAsync($"/language/{language}?returnUrl=/");
        var login = await new OidcFlow(browser).PostLoginAsync(new Uri(browser.BaseAddress!, "/account/login?ReturnUrl=%2Faccount"),
            employee.LoginId, employee.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(login.Headers.Location!.ToString(), Is.EqualTo(Page), "the login page returns to My account");
        return browser;
    }

    public static async Task<IHtmlDocument> OpenAsync(this HttpClient browser)
    {
        var response = await browser.GetAsync(Page);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "My account opens with a session");
        return await response.ReadHtmlAsync();
    }

    /// <summary>Whether this browser's session still opens My account (rather than being sent to the login page).</summary>
    public static async Task<bool> IsSignedInAsync(this HttpClient browser)
    {
        var response = await browser.GetAsync(Page);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        Assert.That(response.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        return false;
    }

    public static async Task<HttpResponseMessage> ChangePasswordAsync(this HttpClient browser, string current, string password, string? confirmation = null) =>
        await browser.SubmitFormAsync(await browser.OpenAsync(), new Uri(browser.BaseAddress!, Page), new Dictionary<string, string>
        {
            ["CurrentPassword"] = current,
            ["NewPassword"] = password,
            ["NewPasswordConfirmation"] = confirmation ?? password,
        }, "#password-form");

    public static IReadOnlyList<string> Texts(this IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToList();

    /// <summary>The path and query of a Location header, whether it is absolute or relative.</summary>
    public static string PathAndQueryOf(this Uri uri) =>
        (uri.IsAbsoluteUri ? uri : new Uri(new Uri("http://localhost"), uri)).PathAndQuery;
}
