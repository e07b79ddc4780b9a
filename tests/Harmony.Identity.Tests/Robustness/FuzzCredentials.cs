namespace Harmony.Identity.Tests.Robustness;

/// <summary>Real credentials from the running server, so that some broken requests get past the first checks.</summary>
public sealed record FuzzCredentials(string AntiforgeryCookieName, string AntiforgeryCookieValue, string AntiforgeryFormToken, string AdminAccessToken)
{
    /// <summary>A real antiforgery cookie and token (from the login page) and an admin API access token.</summary>
    public static async Task<FuzzCredentials> FetchAsync(Uri baseUrl)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };

        var page = await (await client.GetAsync("/account/login")).ReadHtmlAsync();
        var formToken = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                        ?? throw new AssertionException("The login page has no antiforgery token.");
        var cookie = cookies.GetCookies(baseUrl)["harmony.antiforgery"] ?? throw new AssertionException("The login page set no antiforgery cookie.");

        using var tokenResponse = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = HarmonyAppFactory.ServiceClientId,
            ["client_secret"] = HarmonyAppFactory.ServiceClientSecret,
            ["scope"] = "harmony_admin",
        }));
        Assert.That(tokenResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), await tokenResponse.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        return new FuzzCredentials(cookie.Name, cookie.Value, formToken, json.RootElement.GetProperty("access_token").GetString()!);
    }
}
