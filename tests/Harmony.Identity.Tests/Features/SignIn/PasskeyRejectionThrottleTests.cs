using Harmony.Identity.Server.Features.SignIn;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// Forged passkey answers, each naming a new credential so that the per-credential limit never binds, cannot write audit
/// rows without end: one address gets <see cref="PasskeyRejectionThrottle.PerAddress"/> rejections a window, then "too
/// many attempts" with nothing written, while another address is still answered and audited. Over Kestrel, so that
/// requests come from real addresses.
/// </summary>
public sealed class PasskeyRejectionThrottleTests
{
    [Test]
    public async Task ForgedPasskeyAnswers_FromOneAddress_StopBeingAuditedAtTheBound_WhileAnotherAddressIsStillAnswered()
    {
        using var server = BrowserIdentityServer.Start();
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
            Assert.That(answers.Skip(PasskeyRejectionThrottle.PerAddress), Has.All.Contains("一時的に受け付けていません"), "past the bound");
            Assert.That(colleagueAnswer, Is.EqualTo("このパスキーではログインできません"), "another address is not held back");
            Assert.That(await RejectedCountAsync(server), Is.EqualTo(before + PasskeyRejectionThrottle.PerAddress + 1),
                "an audit row for each answered rejection, none past the bound");
        });
    }

    private static async Task<(Uri Uri, AngleSharp.Html.Dom.IHtmlDocument Html)> LoginPageAsync(HttpClient client)
    {
        var authorize = await client.GetAsync(new OidcFlow(client).AuthorizeUrl());
        var uri = new Uri(client.BaseAddress!, authorize.Headers.Location!);
        return (uri, await (await client.GetAsync(uri)).ReadHtmlAsync());
    }

    /// <summary>A passkey answer for a credential nobody registered, new each time; returns the alert's title.</summary>
    private static async Task<string> PostForgedPasskeyAsync(HttpClient client, (Uri Uri, AngleSharp.Html.Dom.IHtmlDocument Html) page)
    {
        var token = page.Html.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var id = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var response = await client.PostAsync(new Uri(page.Uri, "?handler=Passkey" + "&" + page.Uri.Query.TrimStart('?')),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Credential"] = $"{{\"id\":\"{id}\",\"type\":\"public-key\"}}",
            }));
        return (await response.ReadHtmlAsync()).Text("[role=alert] .alert-title");
    }

    private static Task<int> RejectedCountAsync(BrowserIdentityServer server) => server.App.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().AuditEvents.CountAsync(a => a.Event == AuditEvents.SignInFailed && a.Reason == PasskeySignIn.RejectedReason));
}
