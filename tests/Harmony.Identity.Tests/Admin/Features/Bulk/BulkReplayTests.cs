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
}
