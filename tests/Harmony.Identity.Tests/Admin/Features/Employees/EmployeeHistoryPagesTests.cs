using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Admin.Features.Employees;

/// <summary>
/// Editing an employee and reading their history in the admin site (issue 12 items 6 and 7, decision 0022), in Japanese
/// and English: the actor by name and role, the details as sentences, times in Japan time, delivery failures explained
/// with the next step, and the step offered at once after an address correction that sent nothing.
/// </summary>
[TestFixture]
public sealed class EmployeeHistoryPagesTests : AdminSiteFixture
{
    [Test]
    public async Task Edit_RenamesAnEmployee_AndTheHistoryNamesTheRepresentative_InJapaneseThenInEnglish()
    {
        using var session = await SignInRepresentativeAsync("伊藤 美咲");
        var browser = session.Browser;
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, displayName: "旧姓 花子");

        var form = await browser.GetAsync($"/employees/{colleague.Id}/edit");
        Assert.That(form.Document.QuerySelector("#Input_DisplayName")?.GetAttribute("value"), Is.EqualTo("旧姓 花子"));
        var detail = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "新姓 花子",
            ["Input.Locale"] = "en",
        });

        var row = HistoryRow(detail, "ProfileUpdated");
        Assert.Multiple(() =>
        {
            Assert.That(detail.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
            Assert.That(detail.Text("#employee-name"), Is.EqualTo("新姓 花子"));
            Assert.That(detail.Text("#status-message"), Is.EqualTo("従業員の情報を変更しました。"));
            Assert.That(Cell(row, ".audit-actor"), Is.EqualTo("伊藤 美咲 (企業のご担当者)"));
            Assert.That(Cell(row, ".audit-details"), Is.EqualTo("氏名: 旧姓 花子 → 新姓 花子、メールの言語: 日本語 → 英語"));
            Assert.That(row.QuerySelector("td")!.TextContent, Does.EndWith("(UTC+09:00)"), "times are shown in Japan time");
        });

        var english = await browser.GetAsync($"/language/en?returnUrl={Uri.EscapeDataString($"/employees/{colleague.Id}")}");
        var englishRow = HistoryRow(english, "ProfileUpdated");
        Assert.Multiple(() =>
        {
            Assert.That(Cell(englishRow, ".audit-actor"), Is.EqualTo("伊藤 美咲 (representative)"));
            Assert.That(Cell(englishRow, ".audit-details"), Is.EqualTo("Name: 旧姓 花子 → 新姓 花子; Email language: Japanese → English"));
        });

        var audit = await browser.GetAsync($"/audit?userId={colleague.Id}");
        Assert.That(Cell(HistoryRow(audit, "ProfileUpdated"), ".audit-actor"), Is.EqualTo("伊藤 美咲 (representative)"), "the audit log page reads the same");
    }

    [Test]
    public async Task Edit_ToANumberTakenInTheCompany_SaysSoInTheErrorSummary_InBothLanguages()
    {
        using var session = await SignInRepresentativeAsync("伊藤 美咲");
        var browser = session.Browser;
        var taken = "T-" + Guid.NewGuid().ToString("N")[..8];
        await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, employeeNumber: taken);
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId);

        var japanese = await browser.SubmitAsync(await browser.GetAsync($"/employees/{colleague.Id}/edit"),
            new Dictionary<string, string> { ["Input.EmployeeNumber"] = taken });
        await browser.GetAsync("/language/en?returnUrl=%2F");
        var english = await browser.SubmitAsync(await browser.GetAsync($"/employees/{colleague.Id}/edit"),
            new Dictionary<string, string> { ["Input.EmployeeNumber"] = taken });
        var blank = await browser.SubmitAsync(english, new Dictionary<string, string> { ["Input.DisplayName"] = " " });

        Assert.Multiple(() =>
        {
            Assert.That(japanese.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}/edit"));
            Assert.That(japanese.Text("#error-summary"), Does.Contain("この社員番号の従業員は、この企業に既に登録されています。"));
            Assert.That(english.Text("#error-summary"), Does.Contain("An employee with this employee number is already registered in this company."));
            Assert.That(blank.Document.QuerySelector("#Input_DisplayName")?.GetAttribute("aria-invalid"), Is.EqualTo("true"));
        });
        Assert.That((await hosts.Server.ReadUserAsync(colleague.Id)).EmployeeNumber, Is.Not.EqualTo(taken));
    }

    [Test]
    public async Task Edit_OfAnotherRepresentative_IsNotOffered_AndThePageSaysWhoMayDoIt()
    {
        using var session = await SignInRepresentativeAsync("伊藤 美咲");
        var colleague = await hosts.Server.CreateAdminAsync(HarmonyRoles.CompanyAdmin, session.Admin.CompanyId);

        var detail = await session.Browser.GetAsync($"/employees/{colleague.Id}");
        var refused = await session.Browser.GetAsync($"/employees/{colleague.Id}/edit");

        Assert.That(detail.Document.QuerySelector($"a[href='/employees/{colleague.Id}/edit']"), Is.Null);
        Assert.That(refused.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
        Assert.That(refused.Text("#status-message"), Does.Contain("サポートデスク"));
    }

    [Test]
    public async Task DeliveryFailures_AreExplainedWithTheNextStep_InBothLanguages_WithoutTheProvidersWords()
    {
        using var session = await SignInRepresentativeAsync("伊藤 美咲");
        var browser = session.Browser;
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, CredentialKind.Temporary);
        await hosts.Server.ReportBouncesUntilRestrictedAsync(colleague.Email);

        var restricted = await browser.GetAsync($"/employees/{colleague.Id}");
        var report = HistoryRow(restricted, "EmailRestricted");
        Assert.Multiple(() =>
        {
            Assert.That(restricted.Text("#delivery-notice"), Does.Contain("3回届かなかったため、送信を止めています")
                .And.Contain("従業員の方にメールアドレスの確認を依頼し"));
            Assert.That(Cell(report, ".audit-actor"), Is.EqualTo("SendGrid の配信通知"));
            Assert.That(Cell(report, ".audit-details"), Does.Contain("受信側で拒否").And.Contain("送信制限を解除してください").And.Not.Contain("bounce"));
        });

        // The representative keys in the address wrongly; what the outbox recorded is explained, not quoted.
        await hosts.Server.SetUserAsync(colleague.Id, u => u.Email = "not-an-address");
        var resent = await browser.SubmitAsync(restricted, selector: "form[action*='handler=Resend']");
        var problem = resent.Document.QuerySelector("#recent-emails tbody tr td[data-problem]")!;
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetAttribute("data-problem"), Is.EqualTo("invalid-address"));
            Assert.That(problem.TextContent, Is.EqualTo("メールアドレスの形式に誤りがあるため送信していません。正しいアドレスに修正してください。"));
            Assert.That(resent.BodyText, Does.Not.Contain("Not sent: the address is not a valid email address."));
            Assert.That(resent.Document.QuerySelector("details.raw"), Is.Null, "the technical text is the support desk's");
        });

        var english = await browser.GetAsync($"/language/en?returnUrl={Uri.EscapeDataString($"/employees/{colleague.Id}")}");
        Assert.Multiple(() =>
        {
            Assert.That(english.Text("#recent-emails tbody tr td[data-problem]"), Is.EqualTo("Not sent: the address is not a valid email address. Correct the address."));
            Assert.That(Cell(HistoryRow(english, "EmailRestricted"), ".audit-details"),
                Does.StartWith("Sending to ").And.Contain("after 3 delivery failures (last: rejected by the receiving server).")
                    .And.EndWith("then lift the restriction."));
            Assert.That(Cell(HistoryRow(english, "EmailRestricted"), ".audit-actor"), Is.EqualTo("SendGrid delivery report"));
        });
    }

    [Test]
    public async Task Operator_SeesWhatTheOutboxRecorded_FoldedUnderTechnicalDetails()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var employee = await hosts.Server.CreateEmployeeAsync(kind: CredentialKind.Temporary);
        await hosts.Server.SetUserAsync(employee.Id, u => u.Email = "not-an-address");
        var detail = await session.Browser.GetAsync($"/employees/{employee.Id}");

        var resent = await session.Browser.SubmitAsync(detail, selector: "form[action*='handler=Resend']");

        var problem = resent.Document.QuerySelector("#recent-emails tbody tr td[data-problem]")!;
        Assert.That(problem.QuerySelector("details.raw summary")?.TextContent, Is.EqualTo("技術情報(サポートデスク向け)"));
        Assert.That(problem.QuerySelector("details.raw code")?.TextContent, Is.EqualTo("Not sent: the address is not a valid email address."));
    }

    [Test]
    public async Task CorrectingToARestrictedAddress_OffersToLiftIt_ThenToResend_AndTheInstructionEmailArrives()
    {
        using var session = await SignInRepresentativeAsync("伊藤 美咲");
        var browser = session.Browser;
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, CredentialKind.Temporary);
        var corrected = $"fixed-{Guid.NewGuid():N}@example.com";
        await hosts.Server.RestrictAddressAsync(corrected);

        var detail = await browser.SubmitAsync(await browser.GetAsync($"/employees/{colleague.Id}/email"),
            new Dictionary<string, string> { ["Input.Email"] = corrected });
        Assert.That(detail.Document.QuerySelector("#next-step")?.GetAttribute("data-next-step"), Is.EqualTo("lift-restriction"));
        Assert.That(detail.Text("#next-step"), Does.Contain("送信制限を解除し、続けて案内メールを再送してください"));

        var lifted = await browser.SubmitAsync(detail, selector: "#next-step form");
        Assert.That(lifted.Document.QuerySelector("#next-step")?.GetAttribute("data-next-step"), Is.EqualTo("resend"));
        var resent = await browser.SubmitAsync(lifted, selector: "#next-step form");

        Assert.That(resent.Document.QuerySelector("#next-step"), Is.Null, "offered once, after the step it follows");
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(hosts.Server, corrected);
        Assert.That(loginId, Is.EqualTo(resent.Text("#login-id")), "the newest credentials went to the corrected address");
    }

    [Test]
    public async Task CorrectingATemporaryEmployeesAddress_SendsTheInstructionEmail_AndOffersNoResend()
    {
        using var session = await SignInRepresentativeAsync("伊藤 美咲");
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId, CredentialKind.Temporary);
        var corrected = $"fixed-{Guid.NewGuid():N}@example.com";

        var detail = await session.Browser.SubmitAsync(await session.Browser.GetAsync($"/employees/{colleague.Id}/email"),
            new Dictionary<string, string> { ["Input.Email"] = corrected });

        Assert.That(detail.Document.QuerySelector("#next-step"), Is.Null);
        Assert.That(detail.Text("#status-message"), Does.Contain("新しいアドレスへのマイページ案内メールの送信を受け付けました"));
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(hosts.Server, corrected);
        Assert.That(loginId, Is.EqualTo(detail.Text("#login-id")));
    }

    /// <summary>A representative of a new company, signed in, with the name the history shows for them.</summary>
    private async Task<AdminSession> SignInRepresentativeAsync(string name)
    {
        var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        await hosts.Server.SetUserAsync(session.Admin.Id, u => u.DisplayName = name);
        return session;
    }

    private static AngleSharp.Dom.IElement HistoryRow(AdminSitePage page, string @event) =>
        page.Document.QuerySelector($"table.audit tbody tr[data-event='{@event}']") ?? throw new AssertionException($"No {@event} row on {page.Uri}.");

    private static string Cell(AngleSharp.Dom.IElement row, string selector) => row.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
