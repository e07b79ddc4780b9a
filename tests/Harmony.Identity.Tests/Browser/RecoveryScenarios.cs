using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// FAQ Q5–Q8 in Chromium: a forgotten password (the reset link read from the pickup folder), a temporary login ID that
/// cannot reset, a forgotten login ID (emailed), and pages that never tell a registered address.
/// </summary>
public sealed class RecoveryScenarios : BrowserFixture
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q5_Q7_ForgotPassword_TheEmailedLinkSetsANewPassword_WithWhichTheAppSignsIn(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("q5-q7-reset-password", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        await person.ClickLinkAsync(SpecTexts.ForgotPassword(language));
        Assert.That(person.CurrentPath, Is.EqualTo("/account/forgot-password"));
        Assert.That(await person.TextAsync("main"), Does.Contain(SpecTexts.TemporaryCannotReset(language)), "FAQ A5/A7, said up front");
        await person.CheckPageAsync("forgot-password");

        await person.FillAsync("#login-id", employee.LoginId);
        await person.SubmitAsync();
        Assert.That(await person.ExistsAsync("[role=status]"), Is.True);
        Assert.That(await person.Page.ContentAsync(), Does.Not.Contain(employee.Email), "FAQ Q8: no address on the page");
        await person.CheckPageAsync("request-received");

        await Mailbox.DeliverAsync(App);
        var link = (await Mailbox.ReadAsync(App, employee.Email)).Last().Links().Single(l => l.AbsolutePath == "/account/reset-password");
        Assert.That(link.GetLeftPart(UriPartial.Authority) + "/", Is.EqualTo(Server.BaseUrl.ToString()), "the link points at this server");
        await person.GotoAsync(link.ToString());
        await person.CheckPageAsync("new-password");

        await person.FillAsync("#new-password", "lowercase#only1");
        await person.FillAsync("#new-password-confirmation", "lowercase#only1");
        await person.SubmitAsync();
        Assert.That(await person.TextAsync("#Password-errors"),
            Is.EqualTo(CredentialRuleTexts.Message(CredentialRuleCodes.PasswordUppercase, person.Culture)), "the failed rule is named");
        Assert.That(await person.Page.InputValueAsync("#new-password"), Is.Empty, "the password is never echoed back");
        await person.CheckPageAsync("rule-failed");

        await person.FillAsync("#new-password", "Brand#New2026");
        await person.FillAsync("#new-password-confirmation", "Brand#New2026");
        await person.SubmitAsync();
        Assert.That(await person.ExistsAsync("[role=status]"), Is.True);
        await person.CheckPageAsync("password-changed");

        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        await person.SubmitLoginAsync(employee.LoginId, "Brand#New2026");
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()));
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q5_Q7_TemporaryLoginId_CannotResetItsPassword_AndIsToldWhy(string language)
    {
        var employee = await App.CreateEmployeeAsync(password: "Temp#Pass123", kind: CredentialKind.Temporary);
        var person = await StartScenarioAsync("q5-q7-temporary", language);
        await person.GotoAsync("/account/login");
        await person.ChooseLanguageAsync();
        await person.ClickLinkAsync(SpecTexts.ForgotPassword(language));

        await person.FillAsync("#login-id", employee.LoginId);
        await person.SubmitAsync();

        Assert.That(await person.ExistsAsync("[role=status]"), Is.True, "the same answer as for any login ID");
        Assert.That(await person.TextAsync("main"), Does.Contain(SpecTexts.TemporaryCannotReset(language)));
        await person.CheckPageAsync("request-received");
        await Mailbox.DeliverAsync(App);
        Assert.That(await Mailbox.ReadAsync(App, employee.Email), Is.Empty, "a temporary account gets no reset link");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q6_ForgotLoginId_TheEmailNamesIt_AndItsLinkLeadsToTheLoginPage(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("q6-forgot-login-id", language);
        await person.GotoAsync("/account/login");
        await person.ChooseLanguageAsync();
        await person.CheckPageAsync("login");

        await person.ClickLinkAsync(SpecTexts.ForgotLoginId(language));
        Assert.That(person.CurrentPath, Is.EqualTo("/account/forgot-login-id"));
        await person.CheckPageAsync("forgot-login-id");
        await person.FillAsync("#email", employee.Email);
        await person.SubmitAsync();
        Assert.That(await person.ExistsAsync("[role=status]"), Is.True);
        Assert.That(await person.TextAsync("main"), Does.Contain(SpecTexts.MailDomain), "the page says where the email comes from");
        await person.CheckPageAsync("request-received");

        await Mailbox.DeliverAsync(App);
        var email = (await Mailbox.ReadAsync(App, employee.Email)).Last();
        Assert.That(email.Text(), Does.Contain(employee.LoginId));
        var login = email.Links().First(l => l.AbsolutePath == "/account/login");

        await person.GotoAsync(login.ToString());
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/"));
        Assert.That(await person.TextAsync("main"), Does.Contain(employee.LoginId), "signed in with the login ID from the email");
        await person.CheckPageAsync("signed-in");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q8_NoPageTellsTheRegisteredAddress_TheyNameTheCompanyRepresentative(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("q8-no-address", language);
        await person.GotoAsync("/account/forgot-login-id");
        await person.ChooseLanguageAsync();
        Assert.That(await person.TextAsync("#email-hint"), Does.Contain(SpecTexts.CompanyRepresentative(language)),
            "who to ask when the address is not known (FAQ A8)");
        await person.CheckPageAsync("forgot-login-id");

        await person.FillAsync("#email", "nobody-" + employee.Email);
        await person.SubmitAsync();
        var unknownAnswer = await person.TextAsync("[role=status]");
        await person.GotoAsync("/account/forgot-login-id");
        await person.FillAsync("#email", employee.Email);
        await person.SubmitAsync();
        Assert.That(await person.TextAsync("[role=status]"), Is.EqualTo(unknownAnswer), "a registered address gets the same answer");
        Assert.That(await person.Page.ContentAsync(), Does.Not.Contain(employee.Email));

        await person.GotoAsync("/account/forgot-password");
        await person.FillAsync("#login-id", employee.LoginId);
        await person.SubmitAsync();
        Assert.That(await person.Page.ContentAsync(), Does.Not.Contain(employee.Email).And.Not.Contain("@example.com"),
            "asking by login ID never shows where the link went");

        await person.GotoAsync("/help#q8");
        Assert.That(await person.TextAsync("#q8"), Does.Contain(SpecTexts.CompanyRepresentative(language)));
        await person.CheckPageAsync("help");
    }
}
