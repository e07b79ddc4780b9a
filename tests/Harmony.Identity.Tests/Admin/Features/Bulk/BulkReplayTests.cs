using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Admin.Features.Bulk;

/// <summary>
/// A bulk action on "everyone matching" acts on the people its confirmation listed: when the filter finds others by the
/// time the button is pressed (someone enrolled meanwhile, or an old confirmation page replayed), the site confirms again.
/// </summary>
public sealed class BulkReplayTests : AdminSiteFixture
{
    [Test]
    public async Task SuspendingAllMatching_AfterSomeoneNewMatched_ConfirmsTheNewListFirst_AndSuspendsNobodyUnseen()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var companyId = session.Admin.CompanyId;
        var marker = "再確認" + Guid.NewGuid().ToString("N")[..6];
        var seen = await hosts.Server.AddEmployeeAsync(companyId, displayName: $"{marker} 一郎");
        var confirm = await session.Browser.GetAsync($"/employees/bulk?operation=suspend&scope=all&companyId={companyId}&text={Uri.EscapeDataString(marker)}");
        Assert.That(confirm.Text("#bulk-ready"), Does.Contain($"{marker} 一郎"));

        var unseen = await hosts.Server.AddEmployeeAsync(companyId, displayName: $"{marker} 二郎");
        var again = await session.Browser.SubmitAsync(confirm);

        Assert.That(again.Text("#bulk-selection-changed"), Does.Contain("条件に当てはまる従業員が変わりました"));
        Assert.That(again.Text("#bulk-ready"), Does.Contain($"{marker} 一郎").And.Contain($"{marker} 二郎"));
        Assert.That((await hosts.Server.ReadUserAsync(seen.Id)).IsSuspended, Is.False, "nothing runs on a changed selection");
        Assert.That((await hosts.Server.ReadUserAsync(unseen.Id)).IsSuspended, Is.False);

        var result = await session.Browser.SubmitAsync(again);

        Assert.That(result.Text("#bulk-summary"), Is.EqualTo("2人全員に実行しました。"));
        Assert.That((await hosts.Server.ReadUserAsync(unseen.Id)).IsSuspended, Is.True);
    }

    [Test]
    public async Task SuspendingAllMatching_AfterSomeoneShownAsSkippedBecameActionable_ConfirmsAgain_AndSuspendsNobody()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var companyId = session.Admin.CompanyId;
        var marker = "再確認" + Guid.NewGuid().ToString("N")[..6];
        var active = await hosts.Server.AddEmployeeAsync(companyId, displayName: $"{marker} 一郎");
        var suspended = await hosts.Server.AddEmployeeAsync(companyId, displayName: $"{marker} 二郎");
        await SetSuspendedAsync(suspended.Id, true);
        var confirm = await session.Browser.GetAsync($"/employees/bulk?operation=suspend&scope=all&companyId={companyId}&text={Uri.EscapeDataString(marker)}");
        Assert.That(confirm.Text("#bulk-ready"), Does.Contain($"{marker} 一郎").And.Not.Contain($"{marker} 二郎"),
            "the suspended one is listed as skipped, not as one the action will reach");

        // Same people, but the one shown as skipped would now be acted on.
        await SetSuspendedAsync(suspended.Id, false);
        var again = await session.Browser.SubmitAsync(confirm);

        Assert.That(again.Text("#bulk-selection-changed"), Does.Contain("条件に当てはまる従業員が変わりました"));
        Assert.That(again.Text("#bulk-ready"), Does.Contain($"{marker} 一郎").And.Contain($"{marker} 二郎"));
        Assert.That((await hosts.Server.ReadUserAsync(active.Id)).IsSuspended, Is.False, "nothing runs on a changed selection");
        Assert.That((await hosts.Server.ReadUserAsync(suspended.Id)).IsSuspended, Is.False);
    }

    private Task SetSuspendedAsync(Guid id, bool suspended) => hosts.Server.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Users.Where(u => u.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsSuspended, suspended)));
}
