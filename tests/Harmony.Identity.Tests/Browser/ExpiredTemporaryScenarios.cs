namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// FAQ Q11 in Chromium: expired temporary credentials, then the reissue the FAQ asks the representative for.
/// A fixture (and server) of its own, because it moves the server's clock.
/// </summary>
public sealed class ExpiredTemporaryScenarios : BrowserFixture
{
    /// <summary>Its scenario moves the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q11_ExpiredTemporaryCredentials_ShowTheExpiredMessage_AndAReissueLetsThePersonIn(string language)
    {
        var employee = await App.CreateEmployeeAsync(password: "Temp#Pass123", kind: CredentialKind.Temporary,
            temporaryValidFor: TimeSpan.FromHours(1));
        Server.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var person = await StartScenarioAsync("q11-expired", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        // The expired-credentials page (decision 0028) keeps the FAQ's message.
        Assert.That(person.CurrentPath, Is.EqualTo("/account/temporary-expired"));
        Assert.That(await person.TextAsync("#expired-message .alert-title"), Is.EqualTo(SpecTexts.TemporaryExpired(language)));
        Assert.That(await person.TextAsync("#expired-message"), Does.Contain(SpecTexts.CompanyRepresentative(language)),
            "it says who can reissue the access (FAQ A11)");
        await person.CheckPageAsync("expired");

        // The representative reissues (suspend, then resume): new temporary credentials arrive by email.
        var issued = await App.WithServicesAsync(async services =>
        {
            var lifecycle = services.GetRequiredService<AccountLifecycle>();
            await lifecycle.SuspendAsync(employee.Id, "browser-test");
            return (await lifecycle.ResumeAsync(employee.Id, "browser-test")).Credentials!;
        });
        await Mailbox.DeliverAsync(App);
        var instruction = (await Mailbox.ReadAsync(App, employee.Email)).Last().Text();
        Assert.That(instruction, Does.Contain(issued.LoginId).And.Contain(issued.Password));

        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        await person.SubmitLoginAsync(issued.LoginId, issued.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/first-sign-in"), "the new temporary credentials work");
        await person.CheckPageAsync("reissued");
    }
}
