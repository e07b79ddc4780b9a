using Harmony.Identity.Server.Features.SignIn;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// One client address may hold only its share of the hashing slots and queue (issue 9: one address flooding the login
/// form with random login IDs kept everyone else out). Over Kestrel, so that requests come from real addresses.
/// </summary>
public sealed class HashingShareTests
{
    private const string Busy = "ただいまアクセスが集中しています";

    [Test]
    public async Task AnAddressOverItsShare_IsToldBusy_WhileAnotherAddressStillQueuesAndSignsIn()
    {
        using var server = BrowserIdentityServer.Start(new Dictionary<string, string?>
        {
            ["Harmony:SignIn:MaxConcurrentPasswordChecks"] = "1",
            ["Harmony:SignIn:PasswordCheckQueueLimit"] = "2", // the share binds from one waiting request on
            ["Harmony:SignIn:PasswordCheckQueueTimeout"] = "00:00:20",
            ["Harmony:SignIn:MaxPasswordChecksPerClient"] = "1",
        });
        var employee = await server.App.CreateEmployeeAsync();
        using var flooder = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.1"));
        using var colleague = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.2"));
        var flooderLogin = await LoginPageAsync(flooder);
        var colleagueLogin = await LoginPageAsync(colleague);

        Task<HttpResponseMessage> queuedFlood, queuedColleague;
        HttpResponseMessage overShare;
        // The test holds the only slot (outside any request, so no address's share), so the requests below must wait.
        var slots = server.App.Services.GetRequiredService<PasswordHashingSlots>();
        using (await slots.EnterAsync())
        {
            queuedFlood = new OidcFlow(flooder).PostLoginAsync(flooderLogin, "ghost-" + Guid.NewGuid().ToString("N")[..8], "Wrong#Pass1");
            await WaitUntilQueuedAsync(slots, 1);
            overShare = await new OidcFlow(flooder).PostLoginAsync(flooderLogin, "ghost-" + Guid.NewGuid().ToString("N")[..8], "Wrong#Pass1");
            queuedColleague = new OidcFlow(colleague).PostLoginAsync(colleagueLogin, employee.LoginId, employee.Password);
            await WaitUntilQueuedAsync(slots, 2);
            Assert.That(queuedColleague.IsCompleted, Is.False, "the other address waits in the queue rather than being refused");
        }

        Assert.That(overShare.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await overShare.ReadHtmlAsync()).Text("[role=alert] .alert-title"), Does.Contain(Busy));
        Assert.That((await queuedFlood).StatusCode, Is.EqualTo(HttpStatusCode.OK), "its first request was judged (wrong password page)");
        var signedIn = await queuedColleague;
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the colleague's sign-in went through");
        Assert.That(signedIn.Headers.Location!.ToString(), Does.StartWith("/connect/authorize"));
    }

    [Test]
    public async Task AnAddressAlone_MayUseMoreThanItsShare_WhileTheQueueIsNotCrowded()
    {
        // A company behind one proxy in a quiet hour: nobody else waits, so its share does not bind.
        using var server = BrowserIdentityServer.Start(new Dictionary<string, string?>
        {
            ["Harmony:SignIn:MaxConcurrentPasswordChecks"] = "1",
            ["Harmony:SignIn:PasswordCheckQueueLimit"] = "8",
            ["Harmony:SignIn:PasswordCheckQueueTimeout"] = "00:00:20",
            ["Harmony:SignIn:MaxPasswordChecksPerClient"] = "1",
        });
        var first = await server.App.CreateEmployeeAsync();
        var second = await server.App.CreateEmployeeAsync();
        using var proxyA = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.1"));
        using var proxyB = LoopbackClients.From(server.BaseUrl, IPAddress.Parse("127.0.0.1"));
        var loginA = await LoginPageAsync(proxyA);
        var loginB = await LoginPageAsync(proxyB);

        var slots = server.App.Services.GetRequiredService<PasswordHashingSlots>();
        Task<HttpResponseMessage> signInA, signInB;
        using (await slots.EnterAsync())
        {
            signInA = new OidcFlow(proxyA).PostLoginAsync(loginA, first.LoginId, first.Password);
            await WaitUntilQueuedAsync(slots, 1);
            signInB = new OidcFlow(proxyB).PostLoginAsync(loginB, second.LoginId, second.Password);
            await WaitUntilQueuedAsync(slots, 2);
        }

        Assert.That((await signInA).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await signInB).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the second sign-in from the same address waited, it was not refused");
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> requests wait for a slot.</summary>
    private static async Task WaitUntilQueuedAsync(PasswordHashingSlots slots, int count)
    {
        for (var i = 0; i < 300 && slots.Waiting < count; i++) await Task.Delay(100);
        Assert.That(slots.Waiting, Is.EqualTo(count), "requests waiting for a hashing slot");
    }

    private static async Task<Uri> LoginPageAsync(HttpClient client)
    {
        var authorize = await client.GetAsync(new OidcFlow(client).AuthorizeUrl());
        return new Uri(client.BaseAddress!, authorize.Headers.Location!);
    }
}
