using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Admin.Features.Bulk;

/// <summary>
/// The representative's dashboard and the bulk actions through the admin site's pages against the real API (issue 12
/// items 2 and 4): counts that link to the list showing exactly those people, the resolving action's confirmation (how
/// many, who, who is skipped and why) and its result summary.
/// </summary>
[TestFixture]
public sealed class BulkPagesTests : AdminSiteFixture
{
    [Test]
    public async Task RepresentativesHome_IsTheDashboard_EachCountLinkingToTheListOfExactlyThosePeople()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var companyId = session.Admin.CompanyId;
        var expired = new[] { await hosts.Server.AddExpiredEmployeeAsync(companyId), await hosts.Server.AddExpiredEmployeeAsync(companyId) };
        var locked = await hosts.Server.AddLockedEmployeeAsync(companyId);
        await hosts.Server.AddSuspendedEmployeeAsync(companyId);

        var home = await session.Browser.GetAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(Count(home, EmployeeStates.TemporaryExpired), Is.EqualTo("2"));
            Assert.That(Count(home, EmployeeStates.Locked), Is.EqualTo("1"));
            Assert.That(Count(home, EmployeeStates.Suspended), Is.EqualTo("1"));
            Assert.That(Count(home, EmployeeStates.Temporary), Is.EqualTo("0"));
            Assert.That(Tile(home, EmployeeStates.TemporaryExpired).TextContent, Does.Contain("仮IDの期限切れ").And.Contain("期限切れの2人全員に再発行"));
            Assert.That(Tile(home, EmployeeStates.Suspended).QuerySelector("[data-action]"), Is.Null, "suspension takes a person's look, not a bulk action");
            Assert.That(Tile(home, EmployeeStates.Temporary).QuerySelector("[data-action]"), Is.Null, "nothing to resolve at zero");
        });
        var expiredList = await session.Browser.GetAsync(Tile(home, EmployeeStates.TemporaryExpired).QuerySelector("a.tile-count")!.GetAttribute("href")!);
        var lockedList = await session.Browser.GetAsync(Tile(home, EmployeeStates.Locked).QuerySelector("a.tile-count")!.GetAttribute("href")!);
        Assert.That(Rows(expiredList), Is.EquivalentTo(expired.Select(e => e.Id.ToString())));
        Assert.That(Rows(lockedList), Is.EqualTo(new[] { locked.Id.ToString() }));
    }

    [Test]
    public async Task ReissueAllExpired_FromTheDashboard_ConfirmsWhoThenSummarizes_AndTheEmailsGoOut()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var companyId = session.Admin.CompanyId;
        var first = await hosts.Server.AddExpiredEmployeeAsync(companyId, "期限 一郎");
        var second = await hosts.Server.AddExpiredEmployeeAsync(companyId, "期限 二郎");
        await hosts.Server.RestrictAddressAsync(second.Email);
        var home = await session.Browser.GetAsync("/");

        var confirm = await session.Browser.GetAsync(Tile(home, EmployeeStates.TemporaryExpired).QuerySelector("[data-action]")!.GetAttribute("href")!);

        Assert.Multiple(() =>
        {
            Assert.That(confirm.Text("h1"), Is.EqualTo("仮ログインID・仮パスワードの一括再発行"));
            Assert.That(confirm.Text("#confirmation"), Does.Contain("対象の2人のうち、1人に実行します。").And.Contain("1人には実行しません"));
            Assert.That(Names(confirm, "#bulk-ready"), Is.EqualTo(new[] { "期限 一郎" }));
            Assert.That(Names(confirm, "#bulk-will-skip"), Is.EqualTo(new[] { "期限 二郎" }));
            Assert.That(confirm.Text("#bulk-will-skip"), Does.Contain("送信制限中"));
            Assert.That(confirm.Text("main form[method=post] button"), Is.EqualTo("1人に再発行する"));
        });
        Assert.That((await hosts.Server.ReadUserAsync(first.Id)).UserName, Is.EqualTo(first.LoginId), "the confirmation changes nothing");

        var result = await session.Browser.SubmitAsync(confirm);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text("#bulk-summary"), Is.EqualTo("1人に実行しました。1人には実行しませんでした。"));
            Assert.That(Names(result, "#bulk-done"), Is.EqualTo(new[] { "期限 一郎" }));
            Assert.That(Names(result, "#bulk-skipped"), Is.EqualTo(new[] { "期限 二郎" }));
        });
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(hosts.Server, first.Email);
        Assert.That((await hosts.Server.ReadUserAsync(first.Id)).UserName, Is.EqualTo(loginId));
        Assert.That(await Mailbox.ReadAsync(hosts.Server, second.Email), Is.Empty);
    }

    [Test]
    public async Task SelectedOnTheList_AreConfirmedAndSuspended_AndAnotherRepresentativeIsSkipped()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var companyId = session.Admin.CompanyId;
        var employee = await hosts.Server.AddEmployeeAsync(companyId, displayName: "選択 一郎");
        var colleague = await hosts.Server.AddEmployeeAsync(companyId, displayName: "同僚 担当");
        await hosts.Server.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);

        var list = await session.Browser.GetAsync("/employees");
        Assert.That(list.Document.QuerySelectorAll("#employees input.bulk-check[form=bulk]").Length, Is.EqualTo(Rows(list).Length), "every row can be ticked");
        Assert.That(list.Document.QuerySelector("form#bulk button[value=all]")?.TextContent, Is.EqualTo($"条件に一致する{Rows(list).Length}人すべてに実行"));

        var confirm = await session.Browser.GetAsync($"/employees/bulk?operation=suspend&scope=selected&ids={employee.Id}&ids={colleague.Id}");
        Assert.That(Names(confirm, "#bulk-ready"), Is.EqualTo(new[] { "選択 一郎" }));
        Assert.That(confirm.Text("#bulk-will-skip"), Does.Contain("同僚 担当").And.Contain("管理者(企業のご担当者またはオペレーター)のアカウントのため"));
        var result = await session.Browser.SubmitAsync(confirm);

        Assert.That(result.Text("#bulk-summary"), Is.EqualTo("1人に実行しました。1人には実行しませんでした。"));
        Assert.That((await hosts.Server.ReadUserAsync(employee.Id)).IsSuspended, Is.True);
        Assert.That((await hosts.Server.ReadUserAsync(colleague.Id)).IsSuspended, Is.False);
    }

    [Test]
    public async Task APreviewWithNobodyToActOn_SaysSo_WithoutTheConfirmationOrItsButton()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, displayName: "本登録 一郎");

        var preview = await session.Browser.GetAsync($"/employees/bulk?operation=resend&scope=selected&ids={employee.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(preview.Text("#nothing-to-do"), Is.EqualTo("この操作を実行できる従業員がいません。"));
            Assert.That(preview.Document.QuerySelector("#confirmation"), Is.Null, "no red box announcing what would happen to 0 people");
            Assert.That(preview.Document.QuerySelector("main form[method=post]"), Is.Null);
            Assert.That(Names(preview, "#bulk-will-skip"), Is.EqualTo(new[] { "本登録 一郎" }));
            Assert.That(preview.Text("#bulk-will-skip"), Does.Contain("本登録済みのため"));
        });
    }

    [Test]
    public async Task NothingSelected_OrNoAction_IsSaidInWords()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);

        var nothing = await session.Browser.GetAsync("/employees/bulk?operation=unlock&scope=selected");
        var noAction = await session.Browser.GetAsync("/employees/bulk?operation=delete&scope=all");

        Assert.That(nothing.Text("#bulk-problem"), Is.EqualTo("従業員が選択されていません。一覧でチェックを入れてから実行してください。"));
        Assert.That(noAction.Text("#bulk-problem"), Is.EqualTo("操作を選んでください。"));
    }

    [Test]
    public async Task Operator_ChoosesACompany_AndSeesItsDashboard()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var companyId = (await hosts.Server.CreateEmployeeAsync()).CompanyId;
        await hosts.Server.AddLockedEmployeeAsync(companyId);

        var overview = await session.Browser.GetAsync("/");
        var dashboard = await session.Browser.GetAsync($"/?companyId={companyId}");

        Assert.That(overview.Document.QuerySelector("#dashboard"), Is.Null, "no company chosen yet");
        Assert.That(overview.Document.QuerySelector($"select#companyId option[value='{companyId}']"), Is.Not.Null);
        Assert.That(Count(dashboard, EmployeeStates.Locked), Is.EqualTo("1"));
        Assert.That(Tile(dashboard, EmployeeStates.Locked).QuerySelector("[data-action]")!.GetAttribute("href"), Does.Contain($"companyId={companyId}"));
    }

    private static AngleSharp.Dom.IElement Tile(AdminSitePage page, string state) =>
        page.Document.QuerySelector($"#dashboard li[data-state='{state}']") ?? throw new AssertionException($"No {state} tile on {page.Uri}.");

    private static string? Count(AdminSitePage page, string state) => Tile(page, state).GetAttribute("data-count");

    private static string[] Names(AdminSitePage page, string table) =>
        page.Document.QuerySelectorAll($"{table} tbody tr td:first-child").Select(e => e.TextContent.Trim()).ToArray();

    private static string[] Rows(AdminSitePage page) =>
        page.Document.QuerySelectorAll("#employees tbody tr").Select(e => e.GetAttribute("data-employee-id")!).ToArray();
}
