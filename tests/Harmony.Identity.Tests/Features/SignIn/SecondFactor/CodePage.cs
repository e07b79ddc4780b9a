using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>What a person (or an attacker) does around the code page: read the code email, type a code, resend.</summary>
public static partial class CodePage
{
    public static async Task<string> LatestCodeAsync(HarmonyAppFactory app, string address)
    {
        await Mailbox.DeliverAsync(app);
        var message = (await Mailbox.ReadAsync(app, address)).Last();
        var match = SixDigits().Match(message.TextBody ?? "");
        Assert.That(match.Success, Is.True, "the email carries a 6-digit code");
        return match.Value;
    }

    public static async Task<int> CodeEmailCountAsync(HarmonyAppFactory app, string address)
    {
        await Mailbox.DeliverAsync(app);
        return (await Mailbox.ReadAsync(app, address)).Count;
    }

    public static async Task<HttpResponseMessage> SubmitCodeAsync(HttpClient browser, HttpResponseMessage page, string code) =>
        await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Code"] = code }, "form[method=post]:not(.secondary-form)");

    public static async Task<HttpResponseMessage> ResendAsync(HttpClient browser, HttpResponseMessage page) =>
        await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!, new Dictionary<string, string>(), "form.secondary-form");

    /// <summary>The pending sign-in cookie(s) a response set, as someone who copied them from the browser would keep them.</summary>
    public static IReadOnlyList<Cookie> PendingCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).Where(v => v.StartsWith("harmony.pending", StringComparison.Ordinal))
                .Select(v => new Cookie(v[..v.IndexOf('=')], v[(v.IndexOf('=') + 1)..])).ToList()
            : [];

    /// <summary>Another browser holding only the saved cookies (no redirects followed).</summary>
    public static HttpClient Replaying(HarmonyAppFactory app, IEnumerable<Cookie> saved)
    {
        var cookies = new CookieContainer();
        foreach (var cookie in saved) cookies.Add(new Uri("http://localhost"), cookie);
        return app.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
