using System.Security.Cryptography;
using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Tests.Features.Email;

/// <summary>
/// SendGrid's signed event webhook (PRODUCT §2.7, §7; FAQ Q4 cause 3): signed requests count bounces, drops and spam
/// reports once each; the third restricts the address; restricted addresses get nothing; an admin lifts it.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class SendGridWebhookTests(TestDatabase database) : AppFixture(database)
{
    private const string Path = "/webhooks/sendgrid/events";

    // Stands in for SendGrid's signing key: the test signs, the server checks with the public half.
    private readonly ECDsa sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Harmony:Email:SendGrid:WebhookPublicKey"] = Convert.ToBase64String(sendGridKey.ExportSubjectPublicKeyInfo()),
    };

    [OneTimeTearDown]
    public void DisposeKey() => sendGridKey.Dispose();

    [Test]
    public async Task SignedBounce_IsCounted()
    {
        var address = NewAddress();

        var response = await PostAsync(Events(Event("bounce", address)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var status = await StatusAsync(address);
        Assert.Multiple(() =>
        {
            Assert.That(status?.FailureCount, Is.EqualTo(1));
            Assert.That(status?.LastFailureAt, Is.EqualTo(app.Time.GetUtcNow()));
            Assert.That(status?.RestrictedAt, Is.Null);
        });
    }

    [Test]
    public async Task BadSignature_IsRefused_AndNothingIsCounted()
    {
        var address = NewAddress();
        var payload = Events(Event("bounce", address));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = await PostAsync(payload, signWith: otherKey);
        var tampered = await PostAsync(payload, signedPayload: payload.Replace("bounce", "dropped"));
        var unsigned = await PostAsync(payload, sign: false);
        var notBase64 = await PostAsync(payload, signature: "not a signature!");
        var notDer = await PostAsync(payload, signature: Convert.ToBase64String(new byte[] { 0x30, 0x99, 0x02, 0x01 }));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(unsigned.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(notBase64.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(notDer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusAsync(address), Is.Null, "nothing counted");
            Assert.That(await EventCountAsync(address), Is.Zero);
        });
    }

    [Test]
    public async Task ReplayedEvent_IsCountedOnce()
    {
        var address = NewAddress();
        var payload = Events(Event("dropped", address));

        var first = await PostAsync(payload);
        var replay = await PostAsync(payload);
        var again = await PostAsync(Events(Event("dropped", address, id: IdOf(payload)), Event("delivered", address)));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(new[] { first.StatusCode, replay.StatusCode, again.StatusCode }, Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await StatusAsync(address))?.FailureCount, Is.EqualTo(1));
            Assert.That(await EventCountAsync(address), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task EventsThatAreNotFailures_AreAcceptedAndIgnored()
    {
        var address = NewAddress();

        var response = await PostAsync(Events(Event("delivered", address), Event("open", address), Event("processed", address)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await StatusAsync(address), Is.Null);
    }

    [Test]
    public async Task ThirdFailure_RestrictsTheAddress_AuditsTheAccount_AndLaterMailIsSuppressed()
    {
        var employee = await app.CreateEmployeeAsync();
        // SendGrid reports the address as it sent to it; the count is kept per address whatever its case.
        await PostAsync(Events(Event("bounce", employee.Email.ToUpperInvariant())));
        await PostAsync(Events(Event("dropped", employee.Email)));
        Assert.That(await IsRestrictedAsync(employee.Email), Is.False, "two failures are not enough");

        await PostAsync(Events(Event("spamreport", employee.Email)));

        var status = await StatusAsync(employee.Email);
        var audit = (await app.AuditOfAsync(employee.Id)).Where(a => a.Event == AuditEvents.EmailRestricted).ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(status?.FailureCount, Is.EqualTo(3));
            Assert.That(status?.RestrictedAt, Is.EqualTo(app.Time.GetUtcNow()));
            Assert.That(await IsRestrictedAsync(employee.Email), Is.True);
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit.Single().CompanyId, Is.EqualTo(employee.CompanyId));
            Assert.That(audit.Single().Details, Does.Not.Contain(employee.Email), "the address is masked");
        });

        await EnqueueAsync(employee, "restricted-id");
        var message = await LastMessageAsync(employee.Id);
        Assert.That(message.Status, Is.EqualTo(OutboxStatus.Suppressed));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Is.Empty, "nothing reaches a restricted address");
    }

    [Test]
    public async Task AddressRestrictedAfterEnqueue_IsSuppressedByTheDispatcher()
    {
        var employee = await app.CreateEmployeeAsync();
        await EnqueueAsync(employee, "queued-before");
        foreach (var type in new[] { "bounce", "bounce", "bounce" }) await PostAsync(Events(Event(type, employee.Email)));

        await Mailbox.DeliverAsync(app);

        var message = await LastMessageAsync(employee.Id);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(message.Status, Is.EqualTo(OutboxStatus.Suppressed));
            Assert.That(message.TextBody, Is.Null);
            Assert.That(await Mailbox.ReadAsync(app, employee.Email), Is.Empty);
        });
    }

    [Test]
    public async Task Lift_UnrestrictsTheAddress_AuditsTheActor_AndMailFlowsAgain()
    {
        var employee = await app.CreateEmployeeAsync();
        for (var i = 0; i < 3; i++) await PostAsync(Events(Event("bounce", employee.Email)));
        Assert.That(await IsRestrictedAsync(employee.Email), Is.True);

        var lifted = await app.WithServicesAsync(services =>
            services.GetRequiredService<IEmailRestrictions>().LiftAsync(employee.Email, "admin:representative-1"));
        var liftedAgain = await app.WithServicesAsync(services =>
            services.GetRequiredService<IEmailRestrictions>().LiftAsync(employee.Email, "admin:representative-1"));

        var status = await StatusAsync(employee.Email);
        var audit = (await app.AuditOfAsync(employee.Id)).Where(a => a.Event == AuditEvents.EmailRestrictionLifted).ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(lifted, Is.True);
            Assert.That(liftedAgain, Is.False, "nothing left to lift");
            Assert.That(await IsRestrictedAsync(employee.Email), Is.False);
            Assert.That(status?.FailureCount, Is.Zero, "the count starts again");
            Assert.That(audit.Select(a => a.Actor), Is.EqualTo(new[] { "admin:representative-1" }));
        });

        await EnqueueAsync(employee, "after-lift");
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Single().Text(), Does.Contain("after-lift"));
    }

    [Test]
    public async Task WithoutAConfiguredPublicKey_EverythingIsRefused()
    {
        var unconfigured = SharedServers.Of<HarmonyAppFactory>();
        var address = NewAddress();
        var payload = Events(Event("bounce", address));

        var response = await PostAsync(payload, client: unconfigured.CreateClient());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var status = await unconfigured.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().EmailAddressStatuses
            .AnyAsync(s => s.NormalizedAddress == address.ToUpperInvariant()));
        Assert.That(status, Is.False);
    }

    [Test]
    public async Task SignedButMalformedBody_IsABadRequest()
    {
        var response = await PostAsync("""{"not":"an array"}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /// <summary>Posts as SendGrid does: the signature is ECDSA P-256 / SHA-256 over timestamp + raw body, DER, base64.</summary>
    private async Task<HttpResponseMessage> PostAsync(
        string payload, bool sign = true, ECDsa? signWith = null, string? signedPayload = null, HttpClient? client = null,
        string? signature = null)
    {
        var timestamp = app.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (sign)
        {
            signature ??= Convert.ToBase64String((signWith ?? sendGridKey).SignData(Encoding.UTF8.GetBytes(timestamp + (signedPayload ?? payload)),
                HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            request.Headers.TryAddWithoutValidation(SendGridWebhookVerifier.SignatureHeader, signature);
            request.Headers.Add(SendGridWebhookVerifier.TimestampHeader, timestamp);
        }
        return await (client ?? app.CreateClient()).SendAsync(request);
    }

    private static string Events(params object[] events) => JsonSerializer.Serialize(events);

    private object Event(string type, string address, string? id = null) => new Dictionary<string, object>
    {
        ["email"] = address,
        ["timestamp"] = app.Time.GetUtcNow().ToUnixTimeSeconds(),
        ["event"] = type,
        ["sg_event_id"] = id ?? Guid.NewGuid().ToString("N"),
        ["sg_message_id"] = "sg-msg." + Guid.NewGuid().ToString("N")[..8],
        ["reason"] = "550 5.1.1 ユーザーが見つかりません <user unknown>",
    };

    private static string IdOf(string payload) =>
        JsonDocument.Parse(payload).RootElement[0].GetProperty("sg_event_id").GetString()!;

    private static string NewAddress() => $"bounce-{Guid.NewGuid():N}@example.com";

    private Task<EmailAddressStatus?> StatusAsync(string address) => app.WithServicesAsync(services =>
        services.GetRequiredService<EmailRestrictions>().FindAsync(address));

    private Task<bool> IsRestrictedAsync(string address) => app.WithServicesAsync(services =>
        services.GetRequiredService<IEmailRestrictions>().IsRestrictedAsync(address));

    private Task<int> EventCountAsync(string address) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().EmailDeliveryEvents.CountAsync(e => e.NormalizedAddress == address.ToUpperInvariant()));

    private Task<int> EnqueueAsync(TestEmployee employee, string loginId) => app.WithServicesAsync(async services =>
    {
        await services.GetRequiredService<IEmailOutbox>().EnqueueAsync(employee.Id, new EmailRecipient(employee.Email, null, "ja"),
            new LoginIdReminderEmail([loginId]));
        return await services.GetRequiredService<HarmonyDbContext>().SaveChangesAsync();
    });

    private Task<OutboxMessage> LastMessageAsync(Guid userId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.UserId == userId).OrderBy(m => m.Id).LastAsync());
}
