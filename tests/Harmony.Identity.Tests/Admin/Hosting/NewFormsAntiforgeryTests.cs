using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>
/// Issue 12's new forms, posted by another site through the signed-in operator's cookies (no antiforgery token): each is
/// refused with a 400 and changes nothing; the same fields with the page's token do change it (so the refusal is the
/// token's, not the fields').
/// </summary>
public sealed class NewFormsAntiforgeryTests : AdminSiteFixture
{
    [Test]
    public async Task RoleConfirmation_BulkConfirmation_EmployeeEdit_AndCompanyCreate_RefuseAPostWithoutTheToken_AndChangeNothing()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        var code = "csrf" + Guid.NewGuid().ToString("N")[..8];
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        using var forger = Forger(session);

        var forged = new Dictionary<string, Dictionary<string, string>>
        {
            [$"/employees/{employee.Id}/roles/company-admin/grant"] = [],
            ["/employees/bulk"] = new() { ["Operation"] = "suspend", ["Ids"] = employee.Id.ToString() },
            [$"/employees/{employee.Id}/edit"] = new() { ["Input.EmployeeNumber"] = "FORGED", ["Input.DisplayName"] = "偽 太郎", ["Input.Locale"] = "ja" },
            ["/companies/new"] = new()
            {
                ["Input.Code"] = code, ["Input.NameJa"] = "偽株式会社", ["Input.NameEn"] = "Forged Inc.",
                ["Input.FirstRepresentative.EmployeeNumber"] = "R-1", ["Input.FirstRepresentative.DisplayName"] = "偽 代表", ["Input.FirstRepresentative.Email"] = $"{code}@example.com",
            },
        };
        foreach (var (path, fields) in forged)
        {
            var answer = await forger.PostAsync(path, new FormUrlEncodedContent(fields));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        }

        var after = await hosts.Server.ReadUserAsync(employee.Id);
        Assert.That((after.IsSuspended, after.DisplayName), Is.EqualTo((false, "試験 太郎")));
        Assert.That((await hosts.Server.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Not.Contain("RoleGranted").And.Not.Contain("AccountSuspended"));
        Assert.That(await hosts.Server.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Companies.AnyAsync(c => c.Code == code)),
            Is.False);

        // The same posts with a valid token get past the antiforgery check: the 400s above were the missing token.
        await PostWithTokenAsync(session, forger, forged, $"/employees/{employee.Id}/edit");
        Assert.That((await hosts.Server.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Contain("RoleGranted"));
    }

    [Test]
    public async Task AppEdit_Disable_AndDelete_RefuseAPostWithoutTheToken_AndLeaveTheAppAsItWas()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var clientId = "csrf-" + Guid.NewGuid().ToString("N")[..10];
        await session.Browser.SubmitAsync(await session.Browser.GetAsync("/clients/new"), new Dictionary<string, string>
        {
            ["Input.ClientId"] = clientId,
            ["Input.DisplayName"] = "Kept app",
            ["Input.IsPublic"] = "true",
            ["Input.RedirectUris"] = "https://app.example.com/callback",
        });
        using var forger = Forger(session);

        var forged = new Dictionary<string, Dictionary<string, string>>
        {
            [$"/clients/{clientId}/edit"] = new() { ["Input.DisplayName"] = "Forged", ["Input.RedirectUris"] = "https://evil.example/cb" },
            [$"/clients/{clientId}/disable"] = [],
        };
        foreach (var (path, fields) in forged.Append(new($"/clients/{clientId}/delete", [])))
        {
            var answer = await forger.PostAsync(path, new FormUrlEncodedContent(fields));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        }

        var detail = await session.Browser.GetAsync($"/clients/{clientId}");
        Assert.Multiple(() =>
        {
            Assert.That(detail.Text("#client-name"), Is.EqualTo("Kept app"));
            Assert.That(detail.Text("#client-status"), Is.EqualTo("有効"));
            Assert.That(detail.Text("#client-redirects"), Does.Not.Contain("evil.example"));
        });

        await PostWithTokenAsync(session, forger, forged, $"/clients/{clientId}/edit");
        Assert.That((await session.Browser.GetAsync($"/clients/{clientId}")).Text("#client-status"), Is.Not.EqualTo("有効"), "the disable went through");
    }

    /// <summary>Posts each form's fields again, now with a token from one of the site's own forms, and expects no 400.</summary>
    private static async Task PostWithTokenAsync(AdminSession session, HttpClient forger, Dictionary<string, Dictionary<string, string>> posts, string formPage)
    {
        var token = (await session.Browser.GetAsync(formPage)).Document
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var (path, fields) in posts)
        {
            var answer = await forger.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
            Assert.That(answer.StatusCode, Is.Not.EqualTo(HttpStatusCode.BadRequest), path);
        }
    }

    /// <summary>Another site's form post: the operator's cookies go along, the page's antiforgery token does not.</summary>
    private HttpClient Forger(AdminSession session) =>
        new(new HttpClientHandler { CookieContainer = session.Browser.Cookies, AllowAutoRedirect = false }) { BaseAddress = hosts.AdminUrl };
}
