using Harmony.Identity.Server.Connect;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// An app's life after registration (issue 12 item 8, decision 0023): edit, disable and enable, delete, last used.
/// Each test registers its own app through the API and drives real sign-ins and token requests against it.
/// </summary>
public sealed class ClientLifecycleTests : AppFixture
{
    private AdminApiClient support = null!;
    private TestEmployee operatorPerson = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
        operatorPerson = await app.CreateAdminAsync(HarmonyRoles.Operator);
    }

    [Test]
    public async Task Update_ReplacesDisplayNameAndRedirectUris_ReadBackByGet_AndAudited()
    {
        var clientId = await RegisterPublicAppAsync();

        var updated = await support.ReadAsync<ClientDto>(support.PutAsync($"clients/{clientId}",
            new UpdateClientRequest("  Renamed portal ", [HarmonyAppFactory.RedirectUri, "https://portal.example/cb"], ["https://portal.example/bye"])));
        var read = await support.GetAsync<ClientDto>($"clients/{clientId}");

        Assert.Multiple(() =>
        {
            Assert.That(updated, Is.EqualTo(read).Using<ClientDto>((a, b) => a.DisplayName == b.DisplayName && a.RedirectUris.SequenceEqual(b.RedirectUris)));
            Assert.That(read.DisplayName, Is.EqualTo("Renamed portal"));
            Assert.That(read.RedirectUris, Is.EqualTo(new[] { HarmonyAppFactory.RedirectUri, "https://portal.example/cb" }));
            Assert.That(read.PostLogoutRedirectUris, Is.EqualTo(new[] { "https://portal.example/bye" }));
            Assert.That((read.IsDisabled, read.IsConfigured), Is.EqualTo((false, false)));
        });
        var cleared = await support.ReadAsync<ClientDto>(support.PutAsync($"clients/{clientId}", new UpdateClientRequest("", [HarmonyAppFactory.RedirectUri], null)));
        Assert.That(cleared.DisplayName, Is.EqualTo(clientId), "no display name: the client ID is shown");

        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>("audit?pageSize=200");
        Assert.That(audit.Items.Where(a => a.ClientId == clientId && a.Event == "ClientUpdated").Select(a => a.Details).Last(),
            Does.Contain("display name Renamed portal").And.Contain("https://portal.example/cb"));
    }

    [Test]
    public async Task Update_NamesItsInvalidFields_AndRefusesConfiguredApps()
    {
        var clientId = await RegisterPublicAppAsync();

        var invalid = await Problem.ReadAsync(await support.WithLanguage("en").PutAsync($"clients/{clientId}",
            new UpdateClientRequest(new string('x', 300), ["not a uri"], null)), HttpStatusCode.BadRequest);
        var emptied = await Problem.ReadAsync(await support.PutAsync($"clients/{clientId}", new UpdateClientRequest("App", [], null)), HttpStatusCode.BadRequest);
        var configured = await Problem.ReadAsync(await support.PutAsync($"clients/{HarmonyAppFactory.SpaClientId}",
            new UpdateClientRequest("Mine now", [HarmonyAppFactory.RedirectUri], null)), HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(invalid.Errors!.Keys, Is.EquivalentTo(new[] { "DisplayName", "RedirectUris[0]" }));
            Assert.That(emptied.Errors!.Keys, Is.EquivalentTo(new[] { "RedirectUris" }), "a code-flow app keeps at least one");
            Assert.That(configured.Detail, Is.EqualTo("このアプリはサーバーの設定ファイルで管理されているため、ここでは変更できません。設定ファイルを変更してください。"));
        });
        Assert.That((await Problem.ReadAsync(await support.GetAsync("clients/no-such-app"), HttpStatusCode.NotFound)).Detail,
            Is.EqualTo("アプリ(クライアント)が見つかりません。"));
    }

    [Test]
    public async Task Disable_RefusesSignInTokensAndTheApiAtOnce_AndEnable_LetsTheSameSessionCarryOn()
    {
        var clientId = await RegisterPublicAppAsync();
        var flow = new OidcFlow(app.CreateBrowser(), clientId);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(operatorPerson.LoginId, operatorPerson.Password,
            new Dictionary<string, string> { ["scope"] = "openid offline_access harmony_admin" })));
        var asThePerson = new AdminApiClient(app, tokens.AccessToken);
        Assert.That((await asThePerson.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var disabled = await support.ReadAsync<ActionResult>(support.WithLanguage("en").PostAsync($"clients/{clientId}/disable"));
        Assert.That((disabled.Changed, disabled.Outcome), Is.EqualTo((true, "The app was disabled. Sign-ins and tokens are refused until it is enabled again.")));
        var again = await support.ReadAsync<ActionResult>(support.PostAsync($"clients/{clientId}/disable"));
        Assert.That(again.Changed, Is.False);
        Assert.That((await support.GetAsync<ClientDto>($"clients/{clientId}")).IsDisabled, Is.True);

        // This node cleared its cached copy when the change was saved: refused at once, not after the cache's 10 seconds.
        var refreshed = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refreshed.Error, Is.EqualTo("invalid_client"));
        Assert.That((await asThePerson.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "its access token no longer opens the API");
        var browser = app.CreateBrowser();
        var authorize = await browser.GetAsync(new OidcFlow(browser, clientId).AuthorizeUrl());
        Assert.That(authorize.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "OpenIddict's status for invalid_client");
        Assert.That(authorize.Headers.Location, Is.Null, "never sent back to the disabled app");
        Assert.That((await authorize.ReadHtmlAsync()).Text("code"), Is.EqualTo("invalid_client"));

        var enabled = await support.ReadAsync<ActionResult>(support.PostAsync($"clients/{clientId}/enable"));
        Assert.That(enabled.Changed, Is.True);
        var afterEnable = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(afterEnable.AccessToken, Is.Not.Null, afterEnable.Body.ToString());
        Assert.That((await asThePerson.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>("audit?pageSize=200");
        Assert.That(audit.Items.Where(a => a.ClientId == clientId).Select(a => a.Event).Take(2), Is.EqualTo(new[] { "ClientEnabled", "ClientDisabled" }));
    }

    [Test]
    public async Task Disable_OfAMachineClient_MakesItsSecretUseless_UntilEnabled()
    {
        var clientId = "rp-" + Guid.NewGuid().ToString("N")[..12];
        var issued = await support.ReadAsync<ClientSecretIssued>(support.PostAsync("clients",
            new RegisterClientRequest(clientId, "Batch", false, null, null, null, ["client_credentials"])), HttpStatusCode.Created);
        var machine = new OidcFlow(app.CreateBrowser(), clientId, issued.ClientSecret);

        await support.ReadAsync<ActionResult>(support.PostAsync($"clients/{clientId}/disable"));
        var refused = await TokenResponse.ReadAsync(await machine.PostTokenAsync(new() { ["grant_type"] = "client_credentials" }));
        await support.ReadAsync<ActionResult>(support.PostAsync($"clients/{clientId}/enable"));
        var accepted = await TokenResponse.ReadAsync(await machine.PostTokenAsync(new() { ["grant_type"] = "client_credentials" }));

        Assert.That((refused.Error, accepted.Error, accepted.AccessToken is null), Is.EqualTo(("invalid_client", (string?)null, false)));
    }

    [Test]
    public async Task Delete_RemovesTheAppWithItsTokensAndAuthorizations_AndIsAudited()
    {
        var clientId = await RegisterPublicAppAsync();
        var flow = new OidcFlow(app.CreateBrowser(), clientId);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(operatorPerson.LoginId, operatorPerson.Password)));
        var applicationId = await ApplicationIdAsync(clientId);
        Assert.That(await TokenRowsAsync(applicationId), Is.GreaterThan(0), "the sign-in left token rows");
        Assert.That(await AuthorizationRowsAsync(applicationId), Is.GreaterThan(0), "and an authorization (offline_access)");

        var deleted = await support.DeleteAsync($"clients/{clientId}");

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.Multiple(async () =>
        {
            Assert.That((await support.GetAsync($"clients/{clientId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await support.DeleteAsync($"clients/{clientId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await TokenRowsAsync(applicationId), Is.Zero);
            Assert.That(await AuthorizationRowsAsync(applicationId), Is.Zero);
            Assert.That((await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!))).Error, Is.EqualTo("invalid_client"));
        });
        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>("audit?pageSize=200");
        Assert.That(audit.Items.First(a => a.ClientId == clientId).Event, Is.EqualTo("ClientDeleted"));
    }

    [Test]
    public async Task DisableAndDelete_AreRefused_ForTheCallersOwnApp_AndForConfiguredApps()
    {
        // The operator's token comes from test-service: disabling it would lock the caller out of the API.
        var own = await Problem.ReadAsync(await support.WithLanguage("en").PostAsync($"clients/{HarmonyAppFactory.ServiceClientId}/disable"),
            HttpStatusCode.Conflict);
        var ownDelete = await Problem.ReadAsync(await support.DeleteAsync($"clients/{HarmonyAppFactory.ServiceClientId}"), HttpStatusCode.Conflict);
        var configured = await Problem.ReadAsync(await support.DeleteAsync($"clients/{HarmonyAppFactory.SpaClientId}"), HttpStatusCode.Conflict);
        var configuredDisable = await Problem.ReadAsync(await support.PostAsync($"clients/{HarmonyAppFactory.SpaClientId}/disable"), HttpStatusCode.Conflict);

        Assert.Multiple(async () =>
        {
            Assert.That(own.Detail, Is.EqualTo("You are signed in through this app, so it cannot be disabled or deleted."));
            Assert.That(ownDelete.Detail, Is.EqualTo("このアプリで今ログインしているため、無効にしたり削除したりできません。"));
            Assert.That(configured.Detail, Does.StartWith("このアプリはサーバーの設定ファイルで管理されている"));
            Assert.That(configuredDisable.Status, Is.EqualTo(409));
            Assert.That((await support.GetAsync<ClientDto>($"clients/{HarmonyAppFactory.SpaClientId}")).IsConfigured, Is.True);
            Assert.That((await support.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the caller still works");
        });
    }

    [Test]
    public async Task LastUsed_IsEmptyUntilTheAppGetsAToken_ThenItsTime_OnTheListAndAfterItIsWritten()
    {
        var clientId = "rp-" + Guid.NewGuid().ToString("N")[..12];
        var issued = await support.ReadAsync<ClientSecretIssued>(support.PostAsync("clients",
            new RegisterClientRequest(clientId, "Batch", false, null, null, null, ["client_credentials"])), HttpStatusCode.Created);
        Assert.That((await support.GetAsync<ClientDto>($"clients/{clientId}")).LastUsedAt, Is.Null);

        var issuedAt = app.Time.GetUtcNow();
        var machine = new OidcFlow(app.CreateBrowser(), clientId, issued.ClientSecret);
        var wrong = new OidcFlow(app.CreateBrowser(), clientId, "not-the-secret");
        Assert.That((await wrong.PostTokenAsync(new() { ["grant_type"] = "client_credentials" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest).Or.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await support.GetAsync<ClientDto>($"clients/{clientId}")).LastUsedAt, Is.Null, "a refused request is no use");

        Assert.That((await machine.PostTokenAsync(new() { ["grant_type"] = "client_credentials" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var listed = (await support.GetAsync<List<ClientDto>>("clients")).Single(c => c.ClientId == clientId);
        Assert.That(listed.LastUsedAt, Is.EqualTo(issuedAt), "this node's time, before it is written");

        await app.Services.GetRequiredService<ClientUsageRecorder>().FlushAsync(CancellationToken.None);
        var stored = await app.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().Set<ClientUsage>().SingleAsync(u => u.ClientId == clientId));
        Assert.That(stored.LastUsedAt, Is.EqualTo(issuedAt));
        Assert.That((await support.GetAsync<ClientDto>($"clients/{clientId}")).LastUsedAt, Is.EqualTo(issuedAt));
    }

    [TestCase("disable", "ClientDisabled")]
    [TestCase("delete", "ClientDeleted")]
    public async Task AChange_WhoseAuditRowCannotBeSaved_IsNotMadeEither(string action, string auditEvent)
    {
        var clientId = await RegisterPublicAppAsync();
        using var failing = app.WithDatabaseInterceptor(new FailOnAudit(auditEvent));
        var request = new HttpRequestMessage(action == "delete" ? HttpMethod.Delete : HttpMethod.Post,
            $"{AdminApiClient.Base}/clients/{clientId}" + (action == "delete" ? "" : "/disable")) { Content = new StringContent("") };
        request.WithBearer(await AdminTokens.OperatorClientAsync(app));

        var response = await failing.CreateClient().SendAsync(request);

        Assert.That(response.IsSuccessStatusCode, Is.False);
        var read = await support.GetAsync<ClientDto>($"clients/{clientId}");
        Assert.That(read.IsDisabled, Is.False, "the app is still there and still enabled");
    }

    private async Task<string> RegisterPublicAppAsync()
    {
        var clientId = "rp-" + Guid.NewGuid().ToString("N")[..12];
        await support.ReadAsync<ClientDto>(support.PostAsync("clients", new RegisterClientRequest(clientId, "Portal", true,
            [HarmonyAppFactory.RedirectUri], null, ["openid", "profile", "email", "offline_access", "harmony_admin"],
            ["authorization_code", "refresh_token"])), HttpStatusCode.Created);
        return clientId;
    }

    private Task<string> ApplicationIdAsync(string clientId) => app.WithServicesAsync(async services =>
    {
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        return (await applications.GetIdAsync((await applications.FindByClientIdAsync(clientId))!))!;
    });

    private Task<int> TokenRowsAsync(string applicationId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(t => t.Application!.Id == applicationId));

    private Task<int> AuthorizationRowsAsync(string applicationId) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Set<OpenIddictEntityFrameworkCoreAuthorization>().CountAsync(a => a.Application!.Id == applicationId));
}
