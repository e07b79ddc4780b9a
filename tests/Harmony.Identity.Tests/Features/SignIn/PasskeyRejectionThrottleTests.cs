using Harmony.Identity.Server.Features.SignIn;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// Forged passkey answers, each naming a new credential so that the per-credential limit never binds, cannot write audit
/// rows without end: one address gets <see cref="PasskeyRejectionThrottle.PerAddress"/> rejections a window, then "too
/// many attempts" with nothing written, while another address is still answered and audited. Over Kestrel, so that
/// requests come from real addresses. Either bound, and the per-credential one, is told in a passkey's words: a passkey
/// names no login ID.
/// </summary>
public sealed class PasskeyRejectionThrottleTests
{
    private const string TooManyJa = "短時間にパスキーでのログインが繰り返されたため、一時的に受け付けていません。しばらく時間をおいてから再度お試しいただくか、ログインIDとパスワードでログインしてください。";
    private const string TooManyEn = "There have been too many passkey login attempts in a short time. Please wait a moment and try again, or log in with your login ID and password.";

    [Test]
    public async Task ForgedPasskeyAnswers_FromOneAddress_StopBeingAuditedAtTheBound_WhileAnotherAddressIsStillAnswered()
    {
        // A window no slow run outlasts: the bound's counter keeps real time, not the test clock.
        using var server = BrowserIdentityServer.Start(new Dictionary<string, string?> { ["Harmony:SignIn:AttemptsPerLoginIdWindow"] = "00:30:00" });
        using var flooder = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.1"));
        using var colleague = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.2"));
        var flooderPage = await LoginPageAsync(flooder);
        var colleaguePage = await LoginPageAsync(colleague);
        var before = await RejectedCountAsync(server);

        var answers = new List<string>();
        for (var i = 0; i < PasskeyRejectionThrottle.PerAddress + 3; i++)
        {
            answers.Add(await PostForgedPasskeyAsync(flooder, flooderPage));
        }
        var colleagueAnswer = await PostForgedPasskeyAsync(colleague, colleaguePage);

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Take(PasskeyRejectionThrottle.PerAddress), Has.All.EqualTo("このパスキーではログインできません"));
            Assert.That(answers.Skip(PasskeyRejectionThrottle.PerAddress), Has.All.EqualTo(TooManyJa), "past the bound");
            Assert.That(colleagueAnswer, Is.EqualTo("このパスキーではログインできません"), "another address is not held back");
            Assert.That(await RejectedCountAsync(server), Is.EqualTo(before + PasskeyRejectionThrottle.PerAddress + 1),
                "an audit row for each answered rejection, none past the bound");
        });
    }

    [TestCase("ja", "このパスキーではログインできません", TooManyJa)]
    [TestCase("en", "This passkey cannot be used to log in", TooManyEn)]
    public async Task OneCredential_AnsweredPastItsLimit_IsToldInAPasskeysWords_InThePageLanguage_WithRetryAfter(string language,
        string notAccepted, string expected)
    {
        // Fewer than the address's 30, so that the credential's own limit is the one reached.
        using var server = BrowserIdentityServer.Start(new Dictionary<string, string?>
        {
            ["Harmony:SignIn:AttemptsPerLoginId"] = "5",
            ["Harmony:SignIn:AttemptsPerLoginIdWindow"] = "00:30:00",
        });
        using var browser = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.1"));
        var page = await LoginPageAsync(browser, language);
        var options = server.App.Services.GetRequiredService<IOptions<SignInOptions>>().Value;
        var credential = NewCredentialId();

        var answers = new List<string>();
        for (var i = 0; i < options.AttemptsPerLoginId; i++) answers.Add(await PostForgedPasskeyAsync(browser, page, credential));
        var (status, retryAfter, title) = await PostForgedPasskeyResponseAsync(browser, page, credential);

        Assert.Multiple(() =>
        {
            Assert.That(answers, Has.All.EqualTo(notAccepted), "within the credential's limit each answer is checked");
            Assert.That(status, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(retryAfter, Is.EqualTo(options.AttemptsPerLoginIdWindow));
            Assert.That(title, Is.EqualTo(expected));
        });
    }

    private static async Task<(Uri Uri, AngleSharp.Html.Dom.IHtmlDocument Html)> LoginPageAsync(HttpClient client, string language = "ja")
    {
        var authorize = await client.GetAsync(new OidcFlow(client).AuthorizeUrl(extra: new Dictionary<string, string> { ["ui_locales"] = language }));
        var uri = new Uri(client.BaseAddress!, authorize.Headers.Location!);
        return (uri, await (await client.GetAsync(uri)).ReadHtmlAsync());
    }

    private static string NewCredentialId() => OidcFlow.Base64Url(Guid.NewGuid().ToByteArray());

    /// <summary>A passkey answer for a credential nobody registered (new each time unless named); returns the alert's title.</summary>
    private static async Task<string> PostForgedPasskeyAsync(HttpClient client, (Uri Uri, AngleSharp.Html.Dom.IHtmlDocument Html) page,
        string? credentialId = null) =>
        (await PostForgedPasskeyResponseAsync(client, page, credentialId ?? NewCredentialId())).Title;

    private static async Task<(HttpStatusCode Status, TimeSpan? RetryAfter, string Title)> PostForgedPasskeyResponseAsync(HttpClient client,
        (Uri Uri, AngleSharp.Html.Dom.IHtmlDocument Html) page, string id)
    {
        var token = page.Html.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync(new Uri(page.Uri, "?handler=Passkey" + "&" + page.Uri.Query.TrimStart('?')),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Credential"] = $"{{\"id\":\"{id}\",\"type\":\"public-key\"}}",
            }));
        return (response.StatusCode, response.Headers.RetryAfter?.Delta, (await response.ReadHtmlAsync()).Text("[role=alert] .alert-title"));
    }

    private static Task<int> RejectedCountAsync(BrowserIdentityServer server) => server.App.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().AuditEvents.CountAsync(a => a.Event == AuditEvents.SignInFailed && a.Reason == PasskeySignIn.RejectedReason));
}
