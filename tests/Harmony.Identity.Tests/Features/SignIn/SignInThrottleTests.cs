using Harmony.Identity.Server.Features.Recovery;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// Hashing is a bounded resource: one slot and no queue here, so a test that holds the slot sees what everybody sees
/// when the server is full; and three attempts per login ID and window.
/// </summary>
public sealed class SignInThrottleTests : AppFixture
{
    private const string Busy = "ただいまアクセスが集中しています";
    private const string TooMany = "短時間にログインが繰り返されたため";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Harmony:SignIn:MaxConcurrentPasswordChecks"] = "1",
        ["Harmony:SignIn:PasswordCheckQueueLimit"] = "0",
        ["Harmony:SignIn:BusyRetryAfter"] = "00:00:07",
        ["Harmony:SignIn:AttemptsPerLoginId"] = "3",
    };

    private Task<IDisposable> TakeEverySlotAsync() => app.Services.GetRequiredService<PasswordHashingSlots>().EnterAsync();

    [TestCase("ja", Busy)]
    [TestCase("en", "The service is busy right now")]
    public async Task Login_WhileEveryHashingSlotIsTaken_AnswersBusy_With503AndRetryAfter_AndCountsNothing(string language, string busy)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");

        HttpResponseMessage known, unknown;
        using (await TakeEverySlotAsync())
        {
            known = await new OidcFlow(browser).SignInAsync(employee.LoginId, "Wrong#Password1");
            unknown = await new OidcFlow(browser).SignInAsync("ghost-" + Guid.NewGuid().ToString("N")[..8], "Wrong#Password1");
        }

        foreach (var response in new[] { known, unknown })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That((await response.ReadHtmlAsync()).Text("[role=alert] .alert-title"), Does.Contain(busy));
        }
        Assert.That((await app.ReadUserAsync(employee.Id)).AccessFailedCount, Is.Zero, "an attempt never judged is not counted");

        var flow = new OidcFlow(browser);
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty,
            "once the slot is free, sign-in works");
    }

    [Test]
    public async Task FirstSignInConversion_And_PasswordReset_GoThroughTheSameSlots()
    {
        var temporary = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(temporary.LoginId, temporary.Password);
        var conversionPage = await browser.GetAsync(login.Headers.Location);

        var permanent = await app.CreateEmployeeAsync();
        var token = await app.WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<UserManager<HarmonyUser>>().FindByIdAsync(permanent.Id.ToString());
            return services.GetRequiredService<PasswordResetLinks>().Create(user!).Token;
        });
        var resetPage = await browser.GetAsync("/account/reset-password?token=" + Uri.EscapeDataString(token));

        HttpResponseMessage converted, reset;
        using (await TakeEverySlotAsync())
        {
            converted = await browser.SubmitFormAsync(await conversionPage.ReadHtmlAsync(), conversionPage.RequestMessage!.RequestUri!,
                new Dictionary<string, string>
                {
                    ["Input.LoginId"] = "new-" + Guid.NewGuid().ToString("N")[..8],
                    ["Input.Password"] = "Chosen#Pass2026",
                    ["Input.PasswordConfirmation"] = "Chosen#Pass2026",
                });
            reset = await browser.SubmitFormAsync(await resetPage.ReadHtmlAsync(), resetPage.RequestMessage!.RequestUri!,
                new Dictionary<string, string> { ["Password"] = "Brand#New2026", ["PasswordConfirmation"] = "Brand#New2026" });
        }

        foreach (var response in new[] { converted, reset })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await response.ReadHtmlAsync()).Text("[role=alert] .alert-title"), Does.Contain(Busy));
        }
        Assert.That((await app.ReadUserAsync(temporary.Id)).CredentialKind, Is.EqualTo(CredentialKind.Temporary), "nothing was changed");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task TheFourthAttemptForOneLoginId_IsRefusedWithoutAHash_WhetherOrNotTheIdExists(bool known)
    {
        var employee = await app.CreateEmployeeAsync();
        var loginId = known ? employee.LoginId : "ghost-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 1; i <= 3; i++)
        {
            var refused = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, "Wrong#Password1");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"attempt {i}");
        }

        HttpResponseMessage fourth;
        // With every hashing slot taken, only an answer that needs no hash can be anything but "busy".
        using (await TakeEverySlotAsync())
        {
            fourth = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, known ? employee.Password : "Wrong#Password1");
        }
        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(fourth.Headers.RetryAfter?.Delta, Is.Not.Null);
        Assert.That((await fourth.ReadHtmlAsync()).Text("[role=alert] .alert-title"), Does.Contain(TooMany));
        if (known) Assert.That((await app.ReadUserAsync(employee.Id)).AccessFailedCount, Is.EqualTo(3), "the refused attempt was not counted");

        var other = await app.CreateEmployeeAsync();
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(other.LoginId, other.Password)), Is.Not.Empty, "other login IDs are not affected");
    }
}
