using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// A representative in Chromium, in Japanese and English (issue 12 items 6 and 7): corrects a temporary employee's
/// address to one that bounced before, is offered to lift the restriction and then to resend at once, edits the
/// employee's name and language, and reads the history with names, sentences and the delivery report explained.
/// Every page passes axe-core.
/// </summary>
public sealed class EmployeeHistoryScenarios : BrowserScenarioFixture<AdminSiteHosts>
{
    private AdminSiteHosts hosts => Server;

    [TestCase("ja", "伊藤 美咲", "新姓 花子", "伊藤 美咲 (企業のご担当者)")]
    [TestCase("en", "Misaki Ito", "Hanako Shinsei", "Misaki Ito (representative)")]
    public async Task Representative_CorrectsAnAddress_IsOfferedTheNextSteps_EditsTheProfile_AndReadsTheHistory(
        string language, string representativeName, string newName, string actor)
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        await hosts.Server.SetUserAsync(representative.Id, u => u.DisplayName = representativeName);
        var employee = await hosts.Server.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        await hosts.Server.ReportBouncesUntilRestrictedAsync(employee.Email);
        var corrected = $"fixed-{Guid.NewGuid():N}@example.com";
        await hosts.Server.RestrictAddressAsync(corrected);

        var person = await StartScenarioAsync(hosts.AdminUrl, "admin-history", language);
        await person.GotoAsync($"/language/{language}?returnUrl={Uri.EscapeDataString($"/employees/{employee.Id}")}");
        await person.SubmitLoginAsync(representative.LoginId, representative.Password);
        Assert.That(await person.ExistsAsync("#delivery-notice"), Is.True, "the bounces are explained beside the count");
        await person.CheckPageAsync("employee-restricted");

        await person.GotoAsync($"/employees/{employee.Id}/email");
        await person.FillAsync("#Input_Email", corrected);
        await person.SubmitAsync();
        Assert.That(await person.Page.GetAttributeAsync("#next-step", "data-next-step"), Is.EqualTo("lift-restriction"));
        await person.CheckPageAsync("corrected-offer-lift");

        await person.SubmitAsync("#next-step button[type=submit]");
        Assert.That(await person.Page.GetAttributeAsync("#next-step", "data-next-step"), Is.EqualTo("resend"));
        await person.CheckPageAsync("lifted-offer-resend");
        await person.SubmitAsync("#next-step button[type=submit]");
        Assert.That(await person.ExistsAsync("#next-step"), Is.False);
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(hosts.Server, corrected);
        Assert.That(await person.TextAsync("#login-id"), Is.EqualTo(loginId));

        await person.GotoAsync($"/employees/{employee.Id}/edit");
        await person.CheckPageAsync("edit");
        await person.FillAsync("#Input_DisplayName", newName);
        await person.Page.SelectOptionAsync("#Input_Locale", "en");
        await person.SubmitAsync();
        Assert.That(await person.TextAsync("#employee-name"), Is.EqualTo(newName));
        Assert.That(await person.TextAsync("table.audit tbody tr[data-event='ProfileUpdated'] .audit-actor"), Is.EqualTo(actor));
        await person.CheckPageAsync("history");

        await person.GotoAsync($"/audit?userId={employee.Id}");
        Assert.That(await person.TextAsync("table.audit tbody tr[data-event='ProfileUpdated'] .audit-actor"), Is.EqualTo(actor));
        await person.CheckPageAsync("audit-readable");
    }
}
