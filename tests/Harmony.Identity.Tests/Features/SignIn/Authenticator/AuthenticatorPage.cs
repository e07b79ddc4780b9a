using AngleSharp.Html.Dom;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>What a person does on the authenticator pages: set the app up from the manual key, type its code, a recovery code.</summary>
public static class AuthenticatorPage
{
    /// <summary>An enrolment as the person keeps it: the key they typed into the app and the recovery codes they printed.</summary>
    /// <param name="Setup">The set-up page as it was shown (QR code, key, issuer, account).</param>
    public sealed record Enrolled(string Key, IReadOnlyList<string> RecoveryCodes, HttpResponseMessage Page, IHtmlDocument Html, IHtmlDocument Setup);

    /// <summary>Reads the manual key from the set-up page, computes the app's code now and confirms it.</summary>
    public static async Task<Enrolled> EnrolAsync(HarmonyAppFactory app, HttpClient browser, HttpResponseMessage setupPage)
    {
        var html = await setupPage.ReadHtmlAsync();
        var key = ManualKey(html);
        var confirmed = await browser.SubmitFormAsync(html, setupPage.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Code"] = TestTotp.Code(key, app.Time.GetUtcNow()) }, "#setup-form");
        var page = await confirmed.ReadHtmlAsync();
        return new(key, RecoveryCodes(page), confirmed, page, html);
    }

    public static string ManualKey(IHtmlDocument page) => page.Text("#manual-key").Replace(" ", "", StringComparison.Ordinal);

    public static IReadOnlyList<string> RecoveryCodes(IHtmlDocument page) =>
        page.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent.Trim()).ToList();

    /// <summary>Types <paramref name="code"/> on the authenticator code page (the app's code, or a recovery code on its variant).</summary>
    public static async Task<HttpResponseMessage> SubmitCodeAsync(HttpClient browser, HttpResponseMessage page, string code) =>
        await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Code"] = code }, "#code-form");

    /// <summary>The "continue" button under the recovery codes, at the end of the enrolment during sign-in.</summary>
    public static async Task<HttpResponseMessage> ContinueAsync(HttpClient browser, Enrolled enrolled) =>
        await browser.SubmitFormAsync(enrolled.Html, enrolled.Page.RequestMessage!.RequestUri!, new Dictionary<string, string>(), "#continue-form");

    /// <summary>Sets an authenticator up for the account as its page would (for tests about what follows); returns the key.</summary>
    public static Task<string> EnrolDirectlyAsync(HarmonyAppFactory app, Guid userId) => app.WithServicesAsync(async services =>
    {
        var user = await services.GetRequiredService<HarmonyDbContext>().Users.SingleAsync(u => u.Id == userId);
        var authenticators = services.GetRequiredService<Server.Features.SignIn.Authenticators>();
        var enrolment = authenticators.Begin(user);
        Assert.That(await authenticators.ConfirmAsync(user, enrolment, TestTotp.Code(enrolment.Key, app.Time.GetUtcNow())), Is.Not.Null);
        return enrolment.Key;
    });

    /// <summary>The app's code for the next time step: the clock moves on first, since a code is accepted once per step.</summary>
    public static string NextCode(HarmonyAppFactory app, string key)
    {
        app.Time.Advance(TimeSpan.FromSeconds(30));
        return TestTotp.Code(key, app.Time.GetUtcNow());
    }
}
