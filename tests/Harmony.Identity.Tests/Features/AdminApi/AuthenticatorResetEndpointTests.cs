using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Tests.Features.SignIn;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// The admin side of the authenticator app (decision 0029): the employee view says whether one is set up, a
/// representative resets it for a lost phone (audited, the employee told), and the company policy takes the new values.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class AuthenticatorResetEndpointTests(TestDatabase database) : RepresentativeAndSupportFixture(database)
{
    [Test]
    public async Task Reset_RemovesTheAppAndItsCodes_AuditsWhoDidIt_AndTellsTheEmployee()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        await AuthenticatorPage.EnrolDirectlyAsync(app, employee.Id);
        Assert.That((await admin.EmployeeAsync(employee.Id)).HasAuthenticator, Is.True);

        var outcome = await admin.ActAsync(employee.Id, "reset-authenticator");
        Assert.That(outcome.Changed, Is.True);
        Assert.That(outcome.Outcome, Does.Contain("認証アプリとリカバリーコードを削除しました"));

        var detail = await admin.EmployeeAsync(employee.Id);
        Assert.That(detail.HasAuthenticator, Is.False);
        Assert.That(detail.History.Select(h => (h.Event, h.Reason, h.Actor)),
            Does.Contain((AuthenticatorAuditEvents.Removed, AuditReasons.ByAdmin, "admin:" + representative.Id)));
        Assert.That(await app.WithServicesAsync(s => s.GetRequiredService<HarmonyDbContext>().Set<AuthenticatorRecoveryCode>()
            .CountAsync(c => c.UserId == employee.Id)), Is.Zero);
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Last().Subject, Does.Contain("認証アプリの登録が解除されました"));

        var again = await admin.WithLanguage("en").ActAsync(employee.Id, "reset-authenticator");
        Assert.That(again.Changed, Is.False);
        Assert.That(again.Outcome, Is.EqualTo("This employee has no authenticator app set up."));
    }

    [Test]
    public async Task Reset_OfAnotherRepresentative_IsForOperatorsOnly()
    {
        var colleague = await app.AddEmployeeAsync(representative.CompanyId);
        await app.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);
        await AuthenticatorPage.EnrolDirectlyAsync(app, colleague.Id);

        var refused = await Problem.ReadAsync(await admin.PostAsync($"employees/{colleague.Id}/reset-authenticator"), HttpStatusCode.Forbidden);
        Assert.That(refused.Detail, Is.Not.Empty);
        Assert.That((await support.EmployeeAsync(colleague.Id)).HasAuthenticator, Is.True, "nothing changed");
        Assert.That((await support.ActAsync(colleague.Id, "reset-authenticator")).Changed, Is.True, "an operator may");
    }

    [Test]
    public async Task AfterAReset_ThePolicyAuthenticator_AsksForANewEnrolmentAtTheNextSignIn()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = SecondFactorMode.Authenticator);
        await app.RestrictAddressAsync(employee.Email);
        await AuthenticatorPage.EnrolDirectlyAsync(app, employee.Id);
        var before = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(before.Headers.Location!.PathOnly(), Is.EqualTo("/account/authenticator-code"));

        Assert.That((await support.ActAsync(employee.Id, "reset-authenticator")).Changed, Is.True);
        var after = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(after.Headers.Location!.PathOnly(), Is.EqualTo("/account/enrol-authenticator"));
    }

    [TestCase("Authenticator")]
    [TestCase("EmployeeChoice")]
    public async Task CompanyPolicy_TakesTheAuthenticatorValues(string mode)
    {
        var ownCompany = (await app.CreateEmployeeAsync()).CompanyId;
        var company = await support.GetAsync<CompanyDetail>($"companies/{ownCompany}");
        var policy = company.Policy with { SecondFactor = mode.ToLowerInvariant() };
        var response = await support.PutAsync($"companies/{company.Id}",
            new UpdateCompanyRequest(company.Code, company.NameJa, company.NameEn, policy, company.RestrictClients, company.AllowedClients));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await support.GetAsync<CompanyDetail>($"companies/{company.Id}")).Policy.SecondFactor, Is.EqualTo(mode), "stored under its own name");
    }
}
