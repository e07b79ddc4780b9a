namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Relying-party apps through the admin API (PRODUCT §9, operators only): register, redirect URIs, secrets.</summary>
public sealed class ClientEndpointTests : AppFixture
{
    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
    }

    [Test]
    public async Task Register_AConfidentialClient_ShowsItsSecretOnce_AndRotating_VoidsTheOldOne()
    {
        var clientId = NewClientId();
        var issued = await support.ReadAsync<ClientSecretIssued>(support.PostAsync("clients",
            new RegisterClientRequest(clientId, "Back office", false, null, null, null, ["client_credentials"])), HttpStatusCode.Created);
        Assert.That(issued.ClientId, Is.EqualTo(clientId));
        Assert.That(issued.ClientSecret, Has.Length.GreaterThanOrEqualTo(43));
        Assert.That(await TokenStatusAsync(clientId, issued.ClientSecret), Is.EqualTo(HttpStatusCode.OK));

        var listed = (await support.GetAsync<List<ClientDto>>("clients")).Single(c => c.ClientId == clientId);
        Assert.That((listed.DisplayName, listed.IsPublic, listed.GrantTypes.Single()), Is.EqualTo(("Back office", false, "client_credentials")));
        Assert.That(await (await support.GetAsync("clients")).Content.ReadAsStringAsync(), Does.Not.Contain(issued.ClientSecret), "never shown again");

        var rotated = await support.ReadAsync<ClientSecretIssued>(support.PostAsync($"clients/{clientId}/rotate-secret"));
        Assert.That(rotated.ClientSecret, Is.Not.EqualTo(issued.ClientSecret));
        var old = await TokenResponse.ReadAsync(await PostClientCredentialsAsync(clientId, issued.ClientSecret));
        Assert.That(old.Error, Is.EqualTo("invalid_client"));
        Assert.That(await TokenStatusAsync(clientId, rotated.ClientSecret), Is.EqualTo(HttpStatusCode.OK));

        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>("audit?pageSize=200");
        Assert.That(audit.Items.Where(a => a.ClientId == clientId).Select(a => (a.Event, a.Actor)), Is.EqualTo(new[]
        {
            ("ClientSecretRotated", "client:test-service"),
            ("ClientRegistered", "client:test-service"),
        }));
    }

    [Test]
    public async Task Register_APublicCodeFlowClient_ThenItsRedirectUris_DecideWhereTheServerRedirects()
    {
        var clientId = NewClientId();
        var created = await support.ReadAsync<ClientDto>(support.PostAsync("clients", new RegisterClientRequest(
            clientId, "Mobile app", true, ["https://app.example/callback"], ["https://app.example/"],
            ["openid", "profile", "offline_access"], ["authorization_code", "refresh_token"])), HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That(created.IsPublic, Is.True);
            Assert.That(created.RedirectUris, Is.EqualTo(new[] { "https://app.example/callback" }));
            Assert.That(created.Scopes, Is.EquivalentTo(new[] { "openid", "profile", "offline_access" }));
            Assert.That(created.GrantTypes, Is.EquivalentTo(new[] { "authorization_code", "refresh_token" }));
        });
        Assert.That(await AuthorizeStatusAsync(clientId, HarmonyAppFactory.RedirectUri), Is.EqualTo(HttpStatusCode.BadRequest), "not registered yet");

        var updated = await support.ReadAsync<ClientDto>(support.PutAsync($"clients/{clientId}/redirects",
            new UpdateClientRedirectsRequest([HarmonyAppFactory.RedirectUri], [HarmonyAppFactory.PostLogoutRedirectUri])));

        Assert.That(updated.RedirectUris, Is.EqualTo(new[] { HarmonyAppFactory.RedirectUri }));
        Assert.That(updated.PostLogoutRedirectUris, Is.EqualTo(new[] { HarmonyAppFactory.PostLogoutRedirectUri }));
        Assert.That(await AuthorizeStatusAsync(clientId, HarmonyAppFactory.RedirectUri), Is.EqualTo(HttpStatusCode.Found), "now accepted");
        Assert.That(await AuthorizeStatusAsync(clientId, "https://app.example/callback"), Is.EqualTo(HttpStatusCode.BadRequest), "the old one is gone");
    }

    [Test]
    public async Task UpdateRedirects_OfAConfidentialClient_KeepsItsSecret()
    {
        var clientId = NewClientId();
        var issued = await support.ReadAsync<ClientSecretIssued>(support.PostAsync("clients", new RegisterClientRequest(
            clientId, null, false, ["https://rp.example/a"], null, ["openid"], ["authorization_code", "client_credentials"])), HttpStatusCode.Created);

        await support.ReadAsync<ClientDto>(support.PutAsync($"clients/{clientId}/redirects", new UpdateClientRedirectsRequest(["https://rp.example/b"], null)));

        Assert.That(await TokenStatusAsync(clientId, issued.ClientSecret), Is.EqualTo(HttpStatusCode.OK));
        var emptied = await Problem.ReadAsync(await support.PutAsync($"clients/{clientId}/redirects", new UpdateClientRedirectsRequest([], null)),
            HttpStatusCode.BadRequest);
        Assert.That(emptied.Errors!.Keys, Is.EquivalentTo(new[] { "RedirectUris" }), "a code-flow app keeps at least one");
    }

    [Test]
    public async Task Register_NamesEveryInvalidField()
    {
        var problem = await Problem.ReadAsync(await support.WithLanguage("en").PostAsync("clients", new RegisterClientRequest(
            "x", null, true, ["not a uri", "https://ok.example/#fragment"], null, ["openid", "everything"], ["authorization_code", "client_credentials", "password"])),
            HttpStatusCode.BadRequest);

        Assert.That(problem.Errors!.Keys, Is.EquivalentTo(new[]
        {
            "ClientId", "GrantTypes", "GrantTypes[2]", "Scopes[1]", "RedirectUris[0]", "RedirectUris[1]",
        }));
        Assert.That(problem.Errors["GrantTypes"], Is.EqualTo(new[] { "A public client (without a secret) cannot use client_credentials." }));
    }

    [Test]
    public async Task Register_ATakenClientId_IsAConflict()
    {
        var problem = await Problem.ReadAsync(await support.PostAsync("clients", new RegisterClientRequest(
            HarmonyAppFactory.WebClientId, null, false, null, null, null, ["client_credentials"])), HttpStatusCode.Conflict);
        Assert.That(problem.Detail, Is.EqualTo("このクライアントIDは既に登録されています。"));
    }

    [Test]
    public async Task ClientsDeclaredInConfiguration_AreChangedThere_NotThroughTheApi()
    {
        var rotate = await Problem.ReadAsync(await support.WithLanguage("en").PostAsync($"clients/{HarmonyAppFactory.ServiceClientId}/rotate-secret"),
            HttpStatusCode.Conflict);
        Assert.That(rotate.Detail, Does.StartWith("This app is declared in the server's configuration"));
        Assert.That(await TokenStatusAsync(HarmonyAppFactory.ServiceClientId, HarmonyAppFactory.ServiceClientSecret), Is.EqualTo(HttpStatusCode.OK));

        await Problem.ReadAsync(await support.PutAsync($"clients/{HarmonyAppFactory.WebClientId}/redirects",
            new UpdateClientRedirectsRequest(["https://elsewhere.example/cb"], null)), HttpStatusCode.Conflict);
        await Problem.ReadAsync(await support.PostAsync("clients/no-such-client/rotate-secret"), HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> PostClientCredentialsAsync(string clientId, string secret) =>
        new OidcFlow(app.CreateBrowser(), clientId, secret).PostTokenAsync(new() { ["grant_type"] = "client_credentials" });

    private async Task<HttpStatusCode> TokenStatusAsync(string clientId, string secret) =>
        (await PostClientCredentialsAsync(clientId, secret)).StatusCode;

    private async Task<HttpStatusCode> AuthorizeStatusAsync(string clientId, string redirectUri)
    {
        var browser = app.CreateBrowser();
        return (await browser.GetAsync(new OidcFlow(browser, clientId).AuthorizeUrl(scope: "openid profile", redirectUri: redirectUri))).StatusCode;
    }

    private static string NewClientId() => "rp-" + Guid.NewGuid().ToString("N")[..12];
}
