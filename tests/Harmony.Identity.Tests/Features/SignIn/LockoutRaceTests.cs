using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// FAQ Q3 under parallel attack: the lock holds even when the right password arrives in the same burst as the
/// wrong ones, and a locked account gets nothing from a session or a refresh token either.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class LockoutRaceTests(TestDatabase database) : AppFixture(database)
{
    private const string Locked = "アカウントがロックされています";
    private const string Wrong = "Wrong#Password1";

    [Test]
    public async Task RightPassword_IsRefused_WhenParallelAttemptsLockTheAccountWhileItIsBeingChecked()
    {
        var employee = await app.CreateEmployeeAsync();
        // Deterministic race: the account locks after the row was read and the hash verified, before the sign-in ends.
        await using var raced = app.Variant(services => services.AddSingleton<IPasswordHasher<HarmonyUser>>(provider => new LockingWhileVerifyingHasher(
            provider.GetRequiredService<HarmonyPasswordHasher>(),
            provider.GetRequiredService<IServiceScopeFactory>(), employee.Id)));
        var browser = raced.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        var response = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no redirect onward: the sign-in was refused");
        Assert.That((await response.ReadHtmlAsync()).Text("[role=alert] .alert-title"), Is.EqualTo(Locked));
        Assert.That((await app.AuditOfAsync(employee.Id)).Any(a => a.Event == AuditEvents.SignInSucceeded), Is.False);
    }

    [Test]
    public async Task AParallelBurst_GetsNoMoreVerdictsThanTheLockAllows_AndTheRightPasswordSignsInOnceAtMost()
    {
        const int threshold = 3;
        for (var round = 1; round <= 5; round++)
        {
            var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = threshold);
            var browser = app.CreateBrowser();
            // One failure is left before the lock.
            for (var i = 0; i < threshold - 1; i++) await new OidcFlow(browser).SignInAsync(employee.LoginId, Wrong);

            var loginUri = new Uri("http://localhost/account/login");
            var page = await (await browser.GetAsync(loginUri)).ReadHtmlAsync();
            var passwords = Enumerable.Range(0, 9).Select(i => i == round ? employee.Password : Wrong).ToList();
            var responses = await Task.WhenAll(passwords.Select(password => Task.Run(() => browser.SubmitFormAsync(page, loginUri,
                new Dictionary<string, string> { ["Input.LoginId"] = employee.LoginId, ["Input.Password"] = password }))));

            var signedIn = responses.Count(r => r.StatusCode == HttpStatusCode.Redirect);
            var wrongVerdicts = (await app.AuditOfAsync(employee.Id))
                .Count(a => a.Event == AuditEvents.SignInFailed && a.Reason == AuditReasons.WrongPassword) - (threshold - 1);
            if (signedIn == 0)
            {
                // The one failure left went to a wrong password; everything after it met the lock, the right password too.
                Assert.That(wrongVerdicts, Is.LessThanOrEqualTo(1), $"round {round}: more guesses were judged than the lock allows");
            }
            else
            {
                // The right password took the one attempt left; its success restarted the count for the rest.
                Assert.That(signedIn, Is.EqualTo(1), $"round {round}: one right password signs in once at most");
                Assert.That(wrongVerdicts, Is.LessThanOrEqualTo(threshold), $"round {round}: guesses were judged before the right one beyond the lock");
            }
            var bodies = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.ReadHtmlAsync()));
            Assert.That(bodies.Select(b => b.Text("[role=alert] .alert-title")),
                Is.All.EqualTo(Locked).Or.EqualTo("無効なログインIDまたはパスワードです。"), $"round {round}");
        }
    }

    [Test]
    public async Task ALockedAccount_LosesItsSession_ItsRefreshToken_AndUserInfo_AndTheLoginPageSaysWhy()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 2);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        // Someone else locks the account from another browser.
        var attacker = app.CreateBrowser();
        for (var i = 0; i < 2; i++) await new OidcFlow(attacker).SignInAsync(employee.LoginId, Wrong);
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()));

        var authorize = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(authorize.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        var loginPage = await (await browser.GetAsync(authorize.Headers.Location)).ReadHtmlAsync();
        Assert.That(loginPage.Text("[role=alert] .alert-title"), Is.EqualTo(Locked));
        Assert.That(loginPage.QuerySelector("a[href='/help#q3']"), Is.Not.Null);

        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"));
        var userInfo = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo").WithBearer(tokens.AccessToken!));
        Assert.That(userInfo.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    /// <summary>Verifies as usual, then locks the account the way parallel wrong attempts would, before the caller goes on.</summary>
    private sealed class LockingWhileVerifyingHasher(IPasswordHasher<HarmonyUser> inner, IServiceScopeFactory scopes, Guid target)
        : IPasswordHasher<HarmonyUser>
    {
        public string HashPassword(HarmonyUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(HarmonyUser user, string hashedPassword, string providedPassword)
        {
            var result = inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            if (user.Id == target && result != PasswordVerificationResult.Failed)
            {
                using var scope = scopes.CreateScope();
                var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
                scope.ServiceProvider.GetRequiredService<HarmonyDbContext>().Users.Where(u => u.Id == target)
                    .ExecuteUpdate(s => s.SetProperty(u => u.LockoutEnd, now.AddDays(1)).SetProperty(u => u.AccessFailedCount, 0));
            }
            return result;
        }
    }
}
