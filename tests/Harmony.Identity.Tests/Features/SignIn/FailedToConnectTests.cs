namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>FAQ Q2: "Failed to connect to harmony server", with a reference code the support desk can look up.</summary>
public sealed class FailedToConnectTests : AppFixture
{
    [TestCase("ja", "フリーコール")]
    [TestCase("en", "company representative")]
    public async Task InactiveCompany_ShowsFailedToConnect_WithAReferenceCodeFromTheAuditLog(string language, string whoToCall)
    {
        var employee = await app.CreateEmployeeAsync(companyActive: false);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["ui_locales"] = language });

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await (await browser.GetAsync(login.Headers.Location)).ReadHtmlAsync();
        Assert.That(page.Text("h1"), Is.EqualTo("Failed to connect to harmony server"));
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo(language));
        Assert.That(page.Body!.TextContent, Does.Contain(whoToCall));
        var code = page.Text("#reference-code");
        Assert.That(code, Does.Match("^[A-Z2-9]{4}-[A-Z2-9]{4}$"));

        var audit = await app.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().AuditEvents.AsNoTracking().SingleAsync(a => a.ReferenceCode == code));
        Assert.That(audit.UserId, Is.EqualTo(employee.Id));
        Assert.That(audit.Reason, Is.EqualTo("CompanyInactive"));

        var authorize = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(authorize.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"), "no session, so no token");
    }

    [Test]
    public async Task CompanyNotRegisteredForTheApp_ShowsFailedToConnect_AtTheAuthorizationEndpoint()
    {
        var employee = await app.CreateEmployeeAsync(company: c =>
        {
            c.RestrictClients = true;
            c.AllowedClients.Add(new CompanyClient { ClientId = HarmonyAppFactory.WebClientId });
        });
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var login = await flow.SignInAsync(employee.LoginId, employee.Password);

        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/failed-to-connect"));
        Assert.That((await app.AuditOfAsync(employee.Id)).Last().Reason, Is.EqualTo("ClientNotAllowed"));

        var allowed = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var code = await allowed.FollowToCodeAsync(await allowed.SignInAsync(employee.LoginId, employee.Password));
        Assert.That(code, Is.Not.Empty, "the app the company registered for still works");
    }

    [Test]
    public async Task RefreshTokens_StopWorking_WhenTheCompanyIsDeactivated()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));
        var before = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo").WithBearer(tokens.AccessToken!));
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Companies
            .Where(c => c.Id == employee.CompanyId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsActive, false)));

        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"));
        var userInfo = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo").WithBearer(tokens.AccessToken!));
        Assert.That(userInfo.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
