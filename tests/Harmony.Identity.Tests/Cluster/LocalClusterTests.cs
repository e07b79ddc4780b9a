using System.Diagnostics;
using System.Text.RegularExpressions;
using Harmony.Identity.Server.Hosting;

namespace Harmony.Identity.Tests.Cluster;

/// <summary>
/// PRODUCT §11 as it runs: two nodes on one PostgreSQL database behind HAProxy with TLS, started by
/// <c>deploy/local-cluster.sh</c>. The tests run in order on one cluster; the last one kills a node under load.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public sealed partial class LocalClusterTests
{
    private const string Locked = "アカウントがロックされています";
    private const string DemoEmployeeEmail = "taro.yamada@example.com";

    private LocalCluster cluster = null!;
    private string? refreshToken;

    [OneTimeSetUp]
    // The load signs the demo employee in again and again: more than the 10 a minute one login ID may try.
    // An outbox claim of a killed node runs out after 10 s here (5 minutes by default, and it must outlast a send's
    // timeout), so the test can see the message taken over.
    public async Task StartTheClusterAsync() =>
        cluster = await LocalCluster.UpAsync("Harmony__SignIn__AttemptsPerLoginId=100000",
            "Harmony__Email__SendGrid__Timeout=00:00:05", "Harmony__Email__ClaimDuration=00:00:10");

    [OneTimeTearDown]
    public async Task StopTheClusterAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }

    [Test, Order(1)]
    public async Task ACodeAndPkceSignIn_ThroughTheBalancer_IsRedeemedAndRefreshedAtTheOtherNode()
    {
        var (browser, pin) = cluster.Browser();
        var flow = new OidcFlow(browser, LocalCluster.AppClientId);

        var discovery = JsonDocument.Parse(await browser.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.That(discovery.GetProperty("issuer").GetString(), Is.EqualTo(cluster.Issuer.ToString()), "the issuer is the configured https one");
        Assert.That(discovery.GetProperty("token_endpoint").GetString(), Does.StartWith(cluster.Issuer.ToString()));

        pin.Node = 1;
        var login = await flow.SignInAsync(DemoAccounts.EmployeeLoginId, DemoAccounts.EmployeePassword);
        var cookies = login.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        var code = await flow.FollowToCodeAsync(login);

        pin.Node = 2;
        var tokens = await flow.RedeemCodeAsync(code);
        Assert.That(tokens.Status, Is.EqualTo(HttpStatusCode.OK), $"node 2 redeems node 1's code: {tokens.Body}");
        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        var refreshed = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));

        Assert.Multiple(() =>
        {
            Assert.That(cookies, Has.Some.StartsWith("harmony.session="), "the login answer sets the session cookie");
            Assert.That(cookies, Has.All.Contain("; secure").IgnoreCase, "behind TLS every cookie is Secure");
            Assert.That(idToken.Issuer, Is.EqualTo(cluster.Issuer.ToString()));
            Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(DemoAccounts.EmployeeLoginId));
            Assert.That(refreshed.Status, Is.EqualTo(HttpStatusCode.OK), $"node 2 refreshes: {refreshed.Body}");
            Assert.That(refreshed.RefreshToken, Is.Not.Null.And.Not.EqualTo(tokens.RefreshToken), "the refresh token rotates");
        });
        refreshToken = refreshed.RefreshToken;
    }

    [Test, Order(2)]
    public async Task AForgedForwardedFor_SentThroughTheBalancer_IsNotTheAddressTheNodesRecord()
    {
        const string forged = "203.0.113.7";
        var (browser, pin) = cluster.Browser();
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", forged);
        var flow = new OidcFlow(browser, LocalCluster.AppClientId);

        pin.Node = 1;
        await flow.FollowToCodeAsync(await flow.SignInAsync(DemoAccounts.EmployeeLoginId, DemoAccounts.EmployeePassword));
        pin.Node = 2;
        var page = await (await browser.GetAsync(Routes.MyAccount)).ReadHtmlAsync();

        // HAProxy adds the address it saw after the client's own header; a node believes only the balancer's last word.
        Assert.Multiple(() =>
        {
            Assert.That(page.Text("#sign-ins tbody tr td:last-child"), Is.EqualTo("127.0.0.1"), "the newest sign-in, from the balancer's client");
            Assert.That(page.Body!.TextContent, Does.Not.Contain(forged));
        });
    }

    [Test, Order(3)]
    public async Task FiveFailures_SpreadOverBothNodes_LockTheAccount()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (failing, failingPin) = cluster.Browser();
            failingPin.Node = attempt % 2 + 1;
            var page = await (await new OidcFlow(failing, LocalCluster.AppClientId).SignInAsync(DemoAccounts.SecondFactorLoginId, "Wrong#Password1")).ReadHtmlAsync();
            Assert.That(page.QuerySelector("[role=alert]"), Is.Not.Null, $"attempt {attempt + 1} is refused");
        }

        var (browser, pin) = cluster.Browser();
        pin.Node = 2;
        var answer = await (await new OidcFlow(browser, LocalCluster.AppClientId).SignInAsync(DemoAccounts.SecondFactorLoginId, DemoAccounts.SecondFactorPassword)).ReadHtmlAsync();
        Assert.That(answer.Text("[role=alert] .alert-title"), Is.EqualTo(Locked), "three failures on node 1 and two on node 2 are five on the account");
    }

    [Test, Order(4)]
    public async Task AnEmailQueuedOnOneNode_IsSentExactlyOnce()
    {
        var before = (await Mailbox.ReadAsync(cluster.MailFolder, DemoEmployeeEmail)).Count;
        await RequestResetAtNode1Async();

        // Both nodes run the dispatcher (every 2 s here); wait for the message, then for several more runs of both.
        var messages = await MessagesOnceSettledAsync(before + 1);
        Assert.That(messages.Count - before, Is.EqualTo(1), "one request, one message, whichever node sent it");
        Assert.That(messages[^1].Text(), Does.Contain(cluster.Issuer + "account/reset-password"), "the link is on the public https URL");
    }

    [Test, Order(5)]
    public void EachFiringOfAJob_RunsOnOneNode()
    {
        // Every node logs each job run with the trigger's scheduled time. On the clustered store the nodes share one
        // trigger, so the times of both logs form one sequence, one interval apart, each time once.
        // From the moment both nodes run: the second node's start re-declares the trigger, and the one firing that
        // replaces may run on both (the jobs are idempotent; deploy/README.md says so).
        var runs = new[] { 1, 2 }.SelectMany(node => JobRuns(cluster.NodeLog(node), "email-outbox-dispatch").Select(time => (node, time)))
            .Where(run => run.time > cluster.StartedAt + TimeSpan.FromSeconds(2)).ToList();
        var times = runs.Select(r => r.time).Order().ToList();
        TestContext.Out.WriteLine("firings: " + string.Join(", ", runs.OrderBy(r => r.time).Select(r => $"{r.time:HH:mm:ss.fff} node {r.node}")));

        Assert.That(times, Has.Count.GreaterThanOrEqualTo(5), "the dispatcher has run several times by now");
        Assert.That(times, Is.Unique, "no firing ran on both nodes");
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.That(gaps.Min(), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)), "one schedule for the cluster, not one per node");
    }

    [Test, Order(6)]
    public async Task KillingANode_UnderSignInLoad_LosesOnlyItsInFlightRequests_AndNothingAfterItsRestart()
    {
        const int workers = 2;
        var results = new System.Collections.Concurrent.ConcurrentBag<(TimeSpan At, bool Ok, string Outcome)>();
        var clock = Stopwatch.StartNew();
        var stop = TimeSpan.FromSeconds(30);
        async Task WorkAsync()
        {
            // Bounded: until the time is up or 300 sign-ins per worker, whichever comes first.
            for (var i = 0; i < 300 && clock.Elapsed < stop; i++)
            {
                var (browser, _) = cluster.Browser();
                var outcome = await SignInOutcomeAsync(browser);
                results.Add((clock.Elapsed, outcome == SignedIn, outcome));
            }
        }

        var load = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(10));
        // An email queued on node 1 an instant before it dies: sent by whichever node, or taken over once its claim runs out.
        var mailBefore = (await Mailbox.ReadAsync(cluster.MailFolder, DemoEmployeeEmail)).Count;
        await RequestResetAtNode1Async();
        var killedAt = clock.Elapsed;
        await cluster.KillNodeAsync(1);
        await Task.WhenAll(load);

        var before = results.Where(r => r.At < killedAt).ToList();
        var after = results.Where(r => r.At >= killedAt).ToList();
        TestContext.Out.WriteLine($"sign-ins: {before.Count} before the kill at {killedAt.TotalSeconds:F1} s, " +
                                  $"{after.Count(r => r.Ok)} succeeded and {after.Count(r => !r.Ok)} were lost after it; failures: " +
                                  string.Join(", ", results.Where(r => !r.Ok).OrderBy(r => r.At).Select(r => $"{r.At.TotalSeconds:F1} s {r.Outcome}")));
        Assert.Multiple(() =>
        {
            Assert.That(before.Count(r => r.Ok), Is.GreaterThan(0), "the load signs in before the kill");
            Assert.That(after.Count(r => r.Ok), Is.GreaterThan(after.Count / 2), "the load goes on through node 2");
            // At most one sign-in per worker was in flight when node 1 died; the failures' steps are in the output.
            Assert.That(results.Count(r => !r.Ok), Is.LessThanOrEqualTo(workers), "only the sign-ins in flight on node 1 are lost");
        });

        await cluster.StartNodeAsync(1);
        foreach (var node in new[] { 1, 2 })
        {
            var (browser, pin) = cluster.Browser();
            pin.Node = node;
            var flow = new OidcFlow(browser, LocalCluster.AppClientId);
            var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(DemoAccounts.EmployeeLoginId, DemoAccounts.EmployeePassword)));
            Assert.That(tokens.Status, Is.EqualTo(HttpStatusCode.OK), $"node {node} signs the account in and issues tokens");
        }
        var (tokenClient, tokenPin) = cluster.Browser();
        tokenPin.Node = 1;
        var refreshed = await TokenResponse.ReadAsync(await new OidcFlow(tokenClient, LocalCluster.AppClientId).RefreshAsync(refreshToken!));
        Assert.That(refreshed.Status, Is.EqualTo(HttpStatusCode.OK), "the restarted node honours the refresh token issued before the kill");
        Assert.That((await MessagesOnceSettledAsync(mailBefore + 1)).Count - mailBefore, Is.EqualTo(1),
            "the email queued before the kill is sent, once");
    }

    private async Task RequestResetAtNode1Async()
    {
        var (browser, pin) = cluster.Browser();
        pin.Node = 1;
        var form = await browser.GetAsync("/account/forgot-password");
        var sent = await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["LoginId"] = DemoAccounts.EmployeeLoginId });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "node 1 takes the request");
    }

    /// <summary>The demo employee's messages once there are <paramref name="expected"/> (or a minute has passed) and several more dispatcher runs have gone by.</summary>
    private async Task<IReadOnlyList<MimeKit.MimeMessage>> MessagesOnceSettledAsync(int expected)
    {
        var deadline = Stopwatch.StartNew();
        while ((await Mailbox.ReadAsync(cluster.MailFolder, DemoEmployeeEmail)).Count < expected && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
        }
        await Task.Delay(TimeSpan.FromSeconds(8));
        return await Mailbox.ReadAsync(cluster.MailFolder, DemoEmployeeEmail);
    }

    private const string SignedIn = "signed in";

    /// <summary>
    /// One sign-in of the load: authorize → login page → credentials → the code at the redirect URI. It asserts
    /// nothing (an assertion in a worker would fail the test for a request the test expects to lose); it answers
    /// <see cref="SignedIn"/> when the code arrived, or the step that failed and how.
    /// </summary>
    private static async Task<string> SignInOutcomeAsync(HttpClient browser)
    {
        var step = "authorize";
        try
        {
            var flow = new OidcFlow(browser, LocalCluster.AppClientId);
            var authorize = await browser.GetAsync(flow.AuthorizeUrl());
            if (authorize.StatusCode != HttpStatusCode.Found) return $"{step} {(int)authorize.StatusCode}";
            var loginUri = new Uri(browser.BaseAddress!, authorize.Headers.Location!);
            step = "login page";
            var page = await browser.GetAsync(loginUri);
            if (page.StatusCode != HttpStatusCode.OK) return $"{step} {(int)page.StatusCode}";
            step = "credentials";
            var response = await browser.SubmitFormAsync(await page.ReadHtmlAsync(), loginUri, new Dictionary<string, string>
            {
                ["Input.LoginId"] = DemoAccounts.EmployeeLoginId,
                ["Input.Password"] = DemoAccounts.EmployeePassword,
            });
            for (var hop = 0; hop < 5 && response.StatusCode == HttpStatusCode.Found; hop++)
            {
                var location = new Uri(browser.BaseAddress!, response.Headers.Location!);
                if (location.GetLeftPart(UriPartial.Path) == HarmonyAppFactory.RedirectUri)
                {
                    return location.Query.Contains("code=", StringComparison.Ordinal) ? SignedIn : $"redirect without a code: {location.Query}";
                }
                step = location.AbsolutePath;
                response = await browser.GetAsync(location);
            }
            return $"{step} {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or AssertionException)
        {
            return $"{step} {exception.GetType().Name}";
        }
    }

    private static IEnumerable<DateTimeOffset> JobRuns(string log, string job) =>
        File.Exists(log)
            ? JobRunLine().Matches(File.ReadAllText(log)).Where(m => m.Groups["job"].Value == job)
                .Select(m => DateTimeOffset.Parse(m.Groups["time"].Value, CultureInfo.InvariantCulture))
            : [];

    [GeneratedRegex(@"Job harmony\.(?<job>[a-z-]+) ran for its firing at (?<time>\S+)")]
    private static partial Regex JobRunLine();
}
