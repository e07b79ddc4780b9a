using Harmony.Identity.Server.Features.Email;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Harmony.Identity.Tests.Features.Email;

/// <summary>
/// The SendGrid sender against a local stub of SendGrid's API (WireMock.Net on 127.0.0.1): what it sends, and what the
/// outbox makes of SendGrid's answers (PRODUCT §7: accepted → sent once; 429, 5xx → retried; then failed).
/// </summary>
public sealed class SendGridTransportTests : AppFixture
{
    private const string ApiKey = "SG.test-key.never-in-logs-or-errors";
    private const string MailSend = "/v3/mail/send";

    // Started with the fixture, before the harness starts the server that is configured to call it.
    private readonly WireMockServer sendGrid = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{BrowserIdentityServer.FreeLoopbackPort()}"] });

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Harmony:Email:Sender"] = "SendGrid",
        ["Harmony:Email:SendGrid:ApiKey"] = ApiKey,
        ["Harmony:Email:SendGrid:Host"] = sendGrid.Url,
    };

    [OneTimeTearDown]
    public void StopSendGrid() => sendGrid.Dispose();

    [SetUp]
    public void ForgetEarlierRequests() => sendGrid.Reset();

    [Test]
    public async Task Accepted_SendsTheMessageAsSendGridExpectsIt_AndMarksItSentWithSendGridsId()
    {
        sendGrid.Given(Request.Create().WithPath(MailSend).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Accepted).WithHeader("X-Message-Id", "sg-accepted-1"));
        var (employee, id) = await EnqueueCodeAsync();

        Assert.That(await Mailbox.DeliverAsync(app), Is.EqualTo(1));

        var request = RequestsFor(employee.Email).Single().RequestMessage!;
        using var json = JsonDocument.Parse(request.Body!);
        var root = json.RootElement;
        var personalization = root.GetProperty("personalizations")[0];
        var contents = root.GetProperty("content").EnumerateArray()
            .ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo(MailSend));
            Assert.That(request.Headers!["Authorization"].Single(), Is.EqualTo("Bearer " + ApiKey));
            Assert.That(root.GetProperty("from").GetProperty("email").GetString(), Is.EqualTo("no-reply@advantage-harmony.com"));
            Assert.That(root.GetProperty("from").GetProperty("name").GetString(), Is.EqualTo("Harmony マイページ"));
            Assert.That(personalization.GetProperty("to")[0].GetProperty("email").GetString(), Is.EqualTo(employee.Email));
            Assert.That(personalization.GetProperty("to")[0].GetProperty("name").GetString(), Is.EqualTo("試験 太郎"));
            Assert.That(root.GetProperty("subject").GetString(), Is.EqualTo("【Harmony】認証コードのお知らせ"));
            Assert.That(contents.Keys, Is.EquivalentTo(new[] { "text/plain", "text/html" }));
            Assert.That(contents["text/plain"], Does.Contain("認証コード: 246810"));
            Assert.That(contents["text/html"], Does.Contain("246810"));
            Assert.That(personalization.GetProperty("headers").GetProperty(PickupFolderTransport.OutboxIdHeader).GetString(), Is.EqualTo(id.ToString()));
            Assert.That(root.GetProperty("tracking_settings").GetProperty("click_tracking").GetProperty("enable").GetBoolean(), Is.False);
        });

        var message = await MessageAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo(OutboxStatus.Sent));
            Assert.That(message.ProviderMessageId, Is.EqualTo("sg-accepted-1"));
            Assert.That(message.TextBody, Is.Null);
            Assert.That(message.HtmlBody, Is.Null);
        });
        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero);
        Assert.That(RequestsFor(employee.Email), Has.Count.EqualTo(1), "an accepted message is not sent again");
    }

    [Test]
    public async Task TooManyRequests_IsRetriedAfterTheBackOff_ThenSentOnce()
    {
        sendGrid.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("throttled").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.TooManyRequests).WithBody("""{"errors":[{"message":"too many requests"}]}"""));
        sendGrid.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("throttled").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Accepted).WithHeader("X-Message-Id", "sg-after-429"));
        var (employee, id) = await EnqueueCodeAsync();
        var enqueuedAt = app.Time.GetUtcNow();

        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero);
        var waiting = await MessageAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(waiting.Status, Is.EqualTo(OutboxStatus.Pending));
            Assert.That(waiting.Attempts, Is.EqualTo(1));
            Assert.That(waiting.NextAttemptAt, Is.EqualTo(enqueuedAt + TimeSpan.FromMinutes(1)), "first back-off: the base delay");
            Assert.That(waiting.LastError, Does.Contain("429"));
            Assert.That(waiting.ClaimedBy, Is.Null);
        });

        app.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero, "not before the back-off is over");
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await Mailbox.DeliverAsync(app), Is.EqualTo(1));

        var sent = await MessageAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Status, Is.EqualTo(OutboxStatus.Sent));
            Assert.That(sent.ProviderMessageId, Is.EqualTo("sg-after-429"));
            Assert.That(sent.Attempts, Is.EqualTo(2));
            Assert.That(RequestsFor(employee.Email), Has.Count.EqualTo(2));
        });
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero);
        Assert.That(RequestsFor(employee.Email), Has.Count.EqualTo(2), "sent once, never again");
    }

    [Test]
    public async Task ServerErrors_AreRetriedWithGrowingDelays_UntilTheAttemptsRunOut_ThenFailedAndAudited()
    {
        sendGrid.Given(Request.Create().WithPath(MailSend).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.InternalServerError));
        var (employee, id) = await EnqueueCodeAsync();

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var before = app.Time.GetUtcNow();
            await Mailbox.DeliverAsync(app);
            var message = await MessageAsync(id);
            Assert.That(message.Attempts, Is.EqualTo(attempt));
            if (message.Status == OutboxStatus.Pending) delays.Add(message.NextAttemptAt - before);
            app.Time.Advance(TimeSpan.FromHours(1));
        }

        var failed = await MessageAsync(id);
        var audit = (await app.AuditOfAsync(employee.Id)).Where(a => a.Event == AuditEvents.EmailFailed).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(delays.Select(d => d.TotalMinutes), Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60 }), "doubling, capped at an hour");
            Assert.That(failed.Status, Is.EqualTo(OutboxStatus.Failed));
            Assert.That(failed.LastError, Does.Contain("500").And.Contain("8 attempts"));
            Assert.That(failed.LastError, Does.Not.Contain(ApiKey));
            Assert.That(failed.TextBody, Is.Null, "a failed message keeps no code");
            Assert.That(RequestsFor(employee.Email), Has.Count.EqualTo(8));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit.Single().CompanyId, Is.EqualTo(employee.CompanyId));
            Assert.That(audit.Single().Actor, Is.EqualTo(OutboxDispatchJob.Actor));
            Assert.That(audit.Single().Details, Does.Contain("SecondFactorCode"));
        });
        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero);
        Assert.That(RequestsFor(employee.Email), Has.Count.EqualTo(8), "a failed message is not tried again");
    }

    [Test]
    public async Task BadRequest_FailsAtOnce_WithSendGridsReason()
    {
        sendGrid.Given(Request.Create().WithPath(MailSend).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadRequest)
                .WithBody("""{"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from"}]}"""));
        var (employee, id) = await EnqueueCodeAsync();

        await Mailbox.DeliverAsync(app);

        var message = await MessageAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo(OutboxStatus.Failed));
            Assert.That(message.Attempts, Is.EqualTo(1));
            Assert.That(message.LastError, Does.Contain("400").And.Contain("verified Sender Identity"));
            Assert.That(RequestsFor(employee.Email), Has.Count.EqualTo(1));
        });
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Contain(AuditEvents.EmailFailed));
    }

    [Test]
    public async Task UnreachableSendGrid_IsATransientFailure_WithoutTheApiKeyInTheError()
    {
        using var offline = TestServer.StartWith(new Dictionary<string, string?>
        {
            ["Harmony:Email:Sender"] = "SendGrid",
            ["Harmony:Email:SendGrid:ApiKey"] = ApiKey,
            ["Harmony:Email:SendGrid:Host"] = $"http://127.0.0.1:{BrowserIdentityServer.FreeLoopbackPort()}",
        });
        var employee = await offline.CreateEmployeeAsync();
        var id = await EnqueueCodeAsync(offline, employee);

        await Mailbox.DeliverAsync(offline);

        var message = await offline.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo(OutboxStatus.Pending));
            Assert.That(message.Attempts, Is.EqualTo(1));
            Assert.That(message.LastError, Does.StartWith("Could not reach SendGrid"));
            Assert.That(message.LastError, Does.Not.Contain(ApiKey));
        });
    }

    private async Task<(TestEmployee Employee, long Id)> EnqueueCodeAsync()
    {
        var employee = await app.CreateEmployeeAsync();
        return (employee, await EnqueueCodeAsync(app, employee));
    }

    private static Task<long> EnqueueCodeAsync(HarmonyAppFactory factory, TestEmployee employee) => factory.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        await services.GetRequiredService<IEmailOutbox>().EnqueueAsync(employee.Id, new EmailRecipient(employee.Email, "試験 太郎", "ja"),
            new SecondFactorCodeEmail("246810", factory.Time.GetUtcNow() + TimeSpan.FromMinutes(10)));
        await db.SaveChangesAsync();
        return await db.OutboxMessages.Where(m => m.UserId == employee.Id).Select(m => m.Id).SingleAsync();
    });

    private Task<OutboxMessage> MessageAsync(long id) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private List<ILogEntry> RequestsFor(string address) =>
        sendGrid.LogEntries.Where(e => e.RequestMessage?.Body?.Contains(address, StringComparison.Ordinal) == true).ToList();

}
