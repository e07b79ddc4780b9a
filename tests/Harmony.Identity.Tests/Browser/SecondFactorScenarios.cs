using System.Text.RegularExpressions;

namespace Harmony.Identity.Tests.Browser;

/// <summary>FAQ Q4 in Chromium: the email second factor, its code read from the pickup folder, and a restricted address.</summary>
public sealed partial class SecondFactorScenarios : BrowserFixture
{
    private Task<TestEmployee> EmployeeWithTheEmailCodeAsync() =>
        App.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = SecondFactorMode.Email);

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q4_TheCodeFromTheEmail_CompletesTheSignIn_AfterAWrongOneIsRefused(string language)
    {
        var employee = await EmployeeWithTheEmailCodeAsync();
        var person = await StartScenarioAsync("q4-email-code", language);
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/verify-code"));
        Assert.That(await person.TextAsync("main"), Does.Contain(SpecTexts.MailDomain), "the page says where the email comes from (FAQ A4)");
        await person.CheckPageAsync("code");

        await Mailbox.DeliverAsync(App);
        var email = (await Mailbox.ReadAsync(App, employee.Email)).Last();
        Assert.That(email.From.Mailboxes.Single().Address, Does.EndWith(SpecTexts.MailDomain));
        var code = SixDigits().Match(email.Text()).Value;
        Assert.That(code, Has.Length.EqualTo(6), email.Text());

        await person.FillAsync("#code", code == "000000" ? "111111" : "000000");
        await person.SubmitAsync();
        Assert.That(await person.Page.GetAttributeAsync("#code", "aria-invalid"), Is.EqualTo("true"));
        Assert.That(await person.TextAsync("#code-message"), Is.Not.Empty);
        await person.CheckPageAsync("wrong-code");

        await person.FillAsync("#code", code);
        await person.SubmitAsync();
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value), Does.Contain("pwd").And.Contain("otp"));
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q4_RestrictedAddress_GetsNoCode_AndThePageSaysWhoToContact(string language)
    {
        var employee = await EmployeeWithTheEmailCodeAsync();
        await App.RestrictAddressAsync(employee.Email);
        var person = await StartScenarioAsync("q4-restricted", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);

        Assert.That(person.CurrentPath, Is.EqualTo("/account/verify-code"));
        Assert.That(await person.ExistsAsync("#code"), Is.False, "no code was sent, so none is asked for");
        var alert = await person.TextAsync("[role=alert]");
        Assert.That(alert, Does.Contain(language == "ja" ? "送信が制限されている" : "sending to your registered email address is restricted"));
        Assert.That(alert, Does.Contain(SpecTexts.CompanyRepresentative(language)));
        if (language == "ja") Assert.That(alert, Does.Contain(SpecTexts.FreeCall));
        Assert.That(await person.ExistsAsync("[role=alert] a[href='/help#q4']"), Is.True);
        Assert.That(await person.TextAsync("main"), Does.Not.Contain(employee.Email));
        await person.CheckPageAsync("restricted");

        await Mailbox.DeliverAsync(App);
        Assert.That(await Mailbox.ReadAsync(App, employee.Email), Is.Empty, "nothing is sent to a restricted address");
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
