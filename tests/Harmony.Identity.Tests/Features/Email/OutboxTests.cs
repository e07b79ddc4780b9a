using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Harmony.Identity.Tests.Features.Email;

/// <summary>
/// The outbox (PRODUCT §7): written with the change that causes it, nothing lost or sent twice when the transport
/// fails, nothing sent for a change that rolled back, and each message sent once with several dispatchers at once.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class OutboxTests(TestDatabase database) : AppFixture(database)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Small batches, so that two dispatchers running together really do share the work.
        ["Harmony:Email:BatchSize"] = "3",
    };

    [Test]
    public async Task Enqueue_AddsToTheCallersUnitOfWork_AndSavesNothingByItself()
    {
        var address = NewAddress();
        var saved = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            await services.GetRequiredService<IEmailOutbox>().EnqueueAsync(null, new EmailRecipient(address, null, "en"), new LockoutNoticeEmail(new Uri("http://127.0.0.1:5080/account/unlock?token=t"), app.Time.GetUtcNow().AddHours(24)));
            return db.ChangeTracker.Entries<OutboxMessage>().Count(e => e.State == EntityState.Added);
        });

        Assert.That(saved, Is.EqualTo(1), "added to the caller's context");
        Assert.That(await CountAsync(address), Is.Zero, "but not saved without the caller's SaveChanges");
        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero);
    }

    [Test]
    public async Task StateChangeThatRollsBack_SendsNothing()
    {
        var address = NewAddress();
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            // Inside the execution strategy, as the server's own transactions are (the server databases retry).
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await services.GetRequiredService<IEmailOutbox>().EnqueueAsync(null, new EmailRecipient(address, null, "ja"),
                    new LoginIdReminderEmail(["rolled-back-id"]));
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
            return 0;
        });

        Assert.That(await CountAsync(address), Is.Zero);
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, address), Is.Empty);
    }

    [Test]
    public async Task TransportThatThrows_LosesNothing_AndTheMessageIsLaterSentOnce()
    {
        var transport = new ThrowingOnceTransport();
        using var flaky = app.Variant(services =>
            services.AddSingleton<IEmailTransport>(provider => transport.Wrapping(provider.GetRequiredService<PickupFolderTransport>())));
        var address = NewAddress();
        await EnqueueAsync(flaky, address, new LoginIdReminderEmail(["once-only"]));

        Assert.That(await Mailbox.DeliverAsync(flaky), Is.Zero);
        var waiting = await SingleAsync(flaky, address);
        Assert.Multiple(() =>
        {
            Assert.That(waiting.Status, Is.EqualTo(OutboxStatus.Pending), "nothing lost");
            Assert.That(waiting.Attempts, Is.EqualTo(1));
            Assert.That(waiting.LastError, Is.EqualTo("The transport failed: InvalidOperationException"), "the exception's message stays out");
            Assert.That(waiting.TextBody, Is.Not.Null, "still protected and ready to send");
            Assert.That(waiting.ClaimedBy, Is.Null, "the claim is handed back");
        });

        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await Mailbox.DeliverAsync(flaky), Is.EqualTo(1));
        app.Time.Advance(TimeSpan.FromHours(2));
        Assert.That(await Mailbox.DeliverAsync(flaky), Is.Zero);

        var mail = await Mailbox.ReadAsync(flaky, address);
        Assert.That(mail, Has.Count.EqualTo(1), "sent exactly once");
        Assert.That(mail.Single().Text(), Does.Contain("once-only"));
        Assert.That(transport.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task TwoDispatchersAtOnce_SendEachMessageOnce()
    {
        var addresses = Enumerable.Range(0, 12).Select(_ => NewAddress()).ToList();
        foreach (var address in addresses) await EnqueueAsync(app, address, new LoginIdReminderEmail(["parallel"]));
        var ids = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().OutboxMessages
            .Where(m => addresses.Contains(m.ToAddress)).Select(m => m.Id).ToListAsync());

        var sent = 0;
        while (true)
        {
            var runs = await Task.WhenAll(RunDispatcherAsync(), RunDispatcherAsync());
            sent += runs.Sum(r => r.Sent);
            if (runs.All(r => r.Claimed == 0)) break;
        }

        var files = Mailbox.Files(app).Where(f => ids.Contains(f.OutboxId)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.GreaterThanOrEqualTo(ids.Count));
            Assert.That(files.Select(f => f.OutboxId), Is.EquivalentTo(ids), "one file per message, none twice");
        });
        var statuses = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().OutboxMessages
            .Where(m => ids.Contains(m.Id)).Select(m => m.Status).ToListAsync());
        Assert.That(statuses, Is.All.EqualTo(OutboxStatus.Sent));
    }

    [Test]
    public async Task StaleClaim_OfADispatcherThatDied_IsTakenOverAfterItRunsOut()
    {
        var address = NewAddress();
        await EnqueueAsync(app, address, new LoginIdReminderEmail(["taken-over"]));
        // A node claimed the message and died before sending it.
        await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().OutboxMessages
            .Where(m => m.ToAddress == address)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, Guid.NewGuid()).SetProperty(m => m.ClaimedUntil, app.Time.GetUtcNow().AddMinutes(5))));

        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, address), Is.Empty, "another node's live claim is respected");

        app.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, address), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task InvalidAddress_IsRecordedAsFailed_WithoutBreakingTheCaller()
    {
        var address = "not-an-address-" + Guid.NewGuid().ToString("N")[..8];
        await EnqueueAsync(app, address, new LoginIdReminderEmail(["x"]));

        var message = await SingleAsync(app, address);
        Assert.Multiple(() =>
        {
            Assert.That(message.Status, Is.EqualTo(OutboxStatus.Failed));
            Assert.That(message.LastError, Is.EqualTo(EmailOutbox.InvalidAddressError));
            Assert.That(message.TextBody, Is.Null);
        });
    }

    private Task<DispatchResult> RunDispatcherAsync() => Task.Run(async () =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatchJob>().RunAsync();
    });

    private static string NewAddress() => $"outbox-{Guid.NewGuid():N}@example.com";

    private Task<int> CountAsync(string address) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().OutboxMessages.CountAsync(m => m.ToAddress == address));

    private static async Task EnqueueAsync(WebApplicationFactory<Program> factory, string address, EmailContent content)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
        await scope.ServiceProvider.GetRequiredService<IEmailOutbox>().EnqueueAsync(null, new EmailRecipient(address, null, "ja"), content);
        await db.SaveChangesAsync();
    }

    private static async Task<OutboxMessage> SingleAsync(WebApplicationFactory<Program> factory, string address)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HarmonyDbContext>().OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.ToAddress == address);
    }

    /// <summary>A transport whose first call throws (a bug, a full disk…) and whose later calls go to the real one.</summary>
    private sealed class ThrowingOnceTransport
    {
        private int calls;

        public int Calls => calls;

        public IEmailTransport Wrapping(IEmailTransport inner) => new Wrapper(this, inner);

        private sealed class Wrapper(ThrowingOnceTransport owner, IEmailTransport inner) : IEmailTransport
        {
            public Task<SendResult> SendAsync(OutgoingEmail message, CancellationToken cancellationToken) =>
                Interlocked.Increment(ref owner.calls) == 1
                    ? throw new InvalidOperationException("secret detail that must not reach the outbox row")
                    : inner.SendAsync(message, cancellationToken);
        }
    }
}
