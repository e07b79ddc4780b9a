namespace Harmony.Identity.Tests.Admin.Features.Clients;

/// <summary>An operator runs an app from the admin site (issue 12 item 8): its page, edit, disable and enable, delete.</summary>
[TestFixture]
public sealed class AppPagesTests : AdminSiteFixture
{
    [Test]
    public async Task Operator_EditsAnApp_DisablesItAfterConfirming_EnablesIt_AndDeletesItAfterConfirming()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        var clientId = await RegisterAsync(browser);

        var detail = await browser.GetAsync($"/clients/{clientId}");
        Assert.Multiple(() =>
        {
            Assert.That(detail.Text("#client-name"), Is.EqualTo("Test app"));
            Assert.That(detail.Text("#client-status"), Is.EqualTo("有効"));
            Assert.That(detail.Text("#client-last-used"), Is.EqualTo("記録なし"));
        });

        var edit = await browser.GetAsync($"/clients/{clientId}/edit");
        var saved = await browser.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "経費精算アプリ",
            ["Input.RedirectUris"] = "https://app.example.com/callback\nhttps://app.example.com/other",
            ["Input.PostLogoutRedirectUris"] = "https://app.example.com/",
        });
        Assert.Multiple(() =>
        {
            Assert.That(saved.Uri.AbsolutePath, Is.EqualTo($"/clients/{clientId}"));
            Assert.That(saved.Text("#client-name"), Is.EqualTo("経費精算アプリ"));
            Assert.That(saved.Text("#client-redirects"), Does.Contain("https://app.example.com/other"));
            Assert.That(saved.Text("#status-message"), Is.EqualTo($"アプリ「{clientId}」を保存しました。"));
        });

        var confirm = await browser.GetAsync($"/clients/{clientId}/disable");
        Assert.That(confirm.Text("#confirmation"), Does.Contain(clientId).And.Contain("経費精算アプリ"));
        var disabled = await browser.SubmitAsync(confirm);
        Assert.Multiple(() =>
        {
            Assert.That(disabled.Text("#client-status"), Is.EqualTo("無効"));
            Assert.That(disabled.Text("#status-message"), Does.StartWith("アプリを無効にしました。"));
        });
        var list = await browser.GetAsync("/clients");
        Assert.That(list.Text($"#clients tr[data-client-id='{clientId}']"), Does.Contain("無効"));

        var enabled = await browser.SubmitAsync(disabled, selector: "#client-actions form");
        Assert.That(enabled.Text("#client-status"), Is.EqualTo("有効"));

        var delete = await browser.GetAsync($"/clients/{clientId}/delete");
        Assert.That(delete.Text("#confirmation"), Does.Contain(clientId).And.Contain("元に戻すことはできません"));
        var deleted = await browser.SubmitAsync(delete);
        Assert.Multiple(async () =>
        {
            Assert.That(deleted.Uri.AbsolutePath, Is.EqualTo("/clients"));
            Assert.That(deleted.Text("#status-message"), Is.EqualTo($"アプリ「{clientId}」を削除しました。"));
            Assert.That(deleted.Document.QuerySelector($"#clients tr[data-client-id='{clientId}']"), Is.Null);
            Assert.That((await browser.GetAsync($"/clients/{clientId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task TheAdminSitesOwnApp_ShowsNoChangeActions_AndDeletingItAnywayIsRefused_InEnglish()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        await browser.GetAsync("/language/en?returnUrl=%2Fclients");

        var detail = await browser.GetAsync($"/clients/{AdminSiteFactory.ClientId}");
        Assert.Multiple(() =>
        {
            Assert.That(detail.Document.QuerySelector("#client-actions"), Is.Null);
            Assert.That(detail.Text("#client-configured"), Is.EqualTo("This app is declared in the server's configuration. Change it there."));
            Assert.That(detail.Text("#client-last-used"), Does.Contain("(UTC+09:00)"), "the sign-in just now, in the display time zone");
        });

        var confirm = await browser.GetAsync($"/clients/{AdminSiteFactory.ClientId}/delete");
        var refused = await browser.SubmitAsync(confirm);
        Assert.Multiple(async () =>
        {
            Assert.That(refused.Uri.AbsolutePath, Is.EqualTo($"/clients/{AdminSiteFactory.ClientId}"));
            Assert.That(refused.Text("#status-message"), Is.EqualTo("You are signed in through this app, so it cannot be disabled or deleted."));
            Assert.That((await browser.GetAsync("/clients")).Status, Is.EqualTo(HttpStatusCode.OK), "still signed in");
        });
    }

    private static async Task<string> RegisterAsync(AdminSiteBrowser browser)
    {
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        var form = await browser.GetAsync("/clients/new");
        await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.ClientId"] = clientId,
            ["Input.DisplayName"] = "Test app",
            ["Input.IsPublic"] = "true",
            ["Input.RedirectUris"] = "https://app.example.com/callback",
        });
        return clientId;
    }
}
