using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Tests.Features.Email;

/// <summary>
/// The My Page instruction email (PRODUCT §2.1, §2.5, §7) end to end through the pickup folder: issued by a reissue,
/// delivered by the outbox dispatcher, read as an .eml file, and its credentials used on the login page.
/// </summary>
public sealed class InstructionEmailTests : AppFixture
{
    [TestCase("ja", "【Harmony】マイページのご案内", "仮ログインID", "仮パスワード", "(日本時間)")]
    [TestCase("en", "[Harmony] My Page Instructions", "Temporary login ID", "Temporary password", "Japan time (JST, UTC+9)")]
    public async Task Reissue_EmailsTheTemporaryCredentials_InTheEmployeesLanguage_AndTheyLeadToTheConversionPage(
        string locale, string subject, string loginIdLabel, string passwordLabel, string zone)
    {
        var employee = await app.CreateEmployeeAsync();
        await SetAsync(employee.Id, user => user.Locale = locale);
        var issued = await ReissueAsync(employee.Id);

        Assert.That(await Mailbox.DeliverAsync(app), Is.GreaterThanOrEqualTo(1));
        var mail = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        var text = mail.Text();

        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Does.StartWith(subject));
            Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo("no-reply@advantage-harmony.com"));
            Assert.That(mail.To.Mailboxes.Single().Name, Is.EqualTo("試験 太郎"));
            Assert.That(mail.Headers[PickupFolderTransport.OutboxIdHeader], Is.Not.Empty);
            Assert.That(mail.MessageId, Does.EndWith("advantage-harmony.com"));
            Assert.That(text, Does.Contain($"{loginIdLabel}: {issued.LoginId}"));
            Assert.That(text, Does.Contain($"{passwordLabel}: {issued.Password}"));
            Assert.That(text, Does.Contain(ExpectedExpiry(issued.ExpiresAt, locale)), "the expiry in Japan time");
            Assert.That(text, Does.Contain(zone), "the zone is named");
            Assert.That(text, Does.Contain("http://127.0.0.1:5080/account/login"));
            Assert.That(text, Does.Contain("@advantage-harmony.com"), "FAQ Q4: the domain to allow");
            Assert.That(mail.Html(), Does.Contain("href=\"http://127.0.0.1:5080/account/login\""));
        });

        // What a person does with the email: type the ID and password from it on the login page.
        var loginId = Value(text, loginIdLabel);
        var password = Value(text, passwordLabel);
        var response = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));
    }

    [Test]
    public async Task InstructionEmail_EscapesMarkupInValues_InTheHtmlPart()
    {
        var employee = await app.CreateEmployeeAsync();
        await SetAsync(employee.Id, user => user.DisplayName = "<b>Bold</b> & \"quoted\"");
        await ReissueAsync(employee.Id);
        await Mailbox.DeliverAsync(app);

        var mail = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Html(), Does.Not.Contain("<b>Bold</b>"));
            Assert.That(mail.Html(), Does.Contain("&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
            Assert.That(mail.Text(), Does.Contain("<b>Bold</b> & \"quoted\" 様"), "plain text is shown as it is");
        });
    }

    [Test]
    public async Task PendingMessage_KeepsItsBodiesProtected_AndClearsThemOnceSent()
    {
        var employee = await app.CreateEmployeeAsync();
        var issued = await ReissueAsync(employee.Id);

        var pending = await OutboxOfAsync(employee.Id);
        Assert.Multiple(() =>
        {
            Assert.That(pending.Status, Is.EqualTo(OutboxStatus.Pending));
            Assert.That(pending.Kind, Is.EqualTo("Instruction"));
            Assert.That(pending.TextBody, Is.Not.Null.And.Not.Contain(issued.Password), "the password is not stored in clear");
            Assert.That(pending.HtmlBody, Is.Not.Null.And.Not.Contain(issued.LoginId));
        });

        await Mailbox.DeliverAsync(app);
        var sent = await OutboxOfAsync(employee.Id);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Status, Is.EqualTo(OutboxStatus.Sent));
            Assert.That(sent.SentAt, Is.EqualTo(app.Time.GetUtcNow()));
            Assert.That(sent.TextBody, Is.Null);
            Assert.That(sent.HtmlBody, Is.Null);
            Assert.That(sent.ProviderMessageId, Does.EndWith($"-{sent.Id}.eml"));
            Assert.That(sent.Attempts, Is.EqualTo(1));
        });
        Assert.That(await Mailbox.DeliverAsync(app), Is.Zero, "a sent message is never sent again");
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AccountWithoutAnAddress_IsStillReissued_WithNoMessage()
    {
        var employee = await app.CreateEmployeeAsync();
        await SetAsync(employee.Id, user => { user.Email = null; user.NormalizedEmail = null; });

        var issued = await ReissueAsync(employee.Id);

        Assert.That(issued.LoginId, Does.StartWith(TemporaryCredentials.LoginIdPrefix));
        var count = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().OutboxMessages
            .CountAsync(m => m.UserId == employee.Id));
        Assert.That(count, Is.Zero);
    }

    private Task<IssuedCredentials> ReissueAsync(Guid userId) => app.WithServicesAsync(async services =>
    {
        var (result, issued) = await services.GetRequiredService<AccountLifecycle>().ResumeAsync(userId, "test:operator");
        Assert.That(result, Is.EqualTo(LifecycleResult.Done));
        return issued!;
    });

    private Task<int> SetAsync(Guid userId, Action<HarmonyUser> change) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        change(await db.Users.SingleAsync(u => u.Id == userId));
        return await db.SaveChangesAsync();
    });

    private Task<OutboxMessage> OutboxOfAsync(Guid userId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.UserId == userId));

    private static string ExpectedExpiry(DateTimeOffset expiresAt, string locale)
    {
        var tokyo = TimeZoneInfo.ConvertTime(expiresAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        return locale == "ja"
            ? tokyo.ToString("yyyy年M月d日(ddd) H:mm", CultureInfo.GetCultureInfo("ja-JP"))
            : tokyo.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"));
    }

    /// <summary>The value after "label: " on its line, as a person would copy it.</summary>
    private static string Value(string text, string label)
    {
        var line = text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(label + ": ", StringComparison.Ordinal));
        return line[(label.Length + 2)..];
    }
}
