using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>The audit log search (PRODUCT §2): the support desk finds what a caller's reference code (FAQ Q2) stands for.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class AuditEndpointTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
    }

    [Test]
    public async Task ReferenceCode_FindsTheRefusedSignIn_ForTheSupportDeskAndTheCompanysRepresentative_Only()
    {
        // The company uses the admin site's app only, so its employee is refused at the single-page app with a code.
        var employee = await app.CreateEmployeeAsync(company: c =>
        {
            c.RestrictClients = true;
            c.AllowedClients.Add(new CompanyClient { ClientId = AdminTokens.AdminClientId });
        });
        var representative = new AdminApiClient(app, await AdminTokens.AdminAsync(app,
            await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, employee.CompanyId)));
        var stranger = new AdminApiClient(app, await AdminTokens.AdminAsync(app, await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin)));

        var refused = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(refused.Headers.Location!.PathOnly(), Is.EqualTo("/account/failed-to-connect"));
        var code = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), refused.Headers.Location!).Query)["code"].ToString();

        // Read out over the phone, the code may be typed in lowercase.
        var found = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?referenceCode={code.ToLowerInvariant()}");
        var entry = found.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.ReferenceCode, Is.EqualTo(code));
            Assert.That(entry.UserId, Is.EqualTo(employee.Id));
            Assert.That(entry.CompanyId, Is.EqualTo(employee.CompanyId));
            Assert.That((entry.Event, entry.Reason, entry.ClientId), Is.EqualTo((AuditEvents.SignInFailed, "ClientNotAllowed", HarmonyAppFactory.SpaClientId)));
        });

        Assert.That((await representative.GetAsync<PagedResult<AuditEntryDto>>($"audit?referenceCode={code}")).Items.Single().Id, Is.EqualTo(entry.Id));
        var hidden = await stranger.GetAsync<PagedResult<AuditEntryDto>>($"audit?referenceCode={code}&companyId={employee.CompanyId}");
        Assert.That(hidden.Total, Is.Zero, "another company's events are not there, whatever the query says");
        var byUser = await stranger.GetAsync<PagedResult<AuditEntryDto>>($"audit?userId={employee.Id}");
        Assert.That(byUser.Total, Is.Zero);
    }

    [Test]
    public async Task Search_ByAccountAndTime_NewestFirst_WithTheActingAdmin()
    {
        var employee = await app.CreateEmployeeAsync();
        await support.ActAsync(employee.Id, "suspend");
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var resumedAt = app.Time.GetUtcNow();
        await support.ActAsync(employee.Id, "resume");

        var all = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?userId={employee.Id}");
        Assert.That(all.Items.Select(a => a.Event),
            Is.EqualTo(new[] { AuditEvents.Resumed, AuditEvents.TemporaryCredentialsIssued, AuditEvents.Suspended }));
        Assert.That(all.Items.Select(a => a.Actor), Is.All.EqualTo("client:" + HarmonyAppFactory.ServiceClientId));

        // A bound in Japan time is the same instant (PostgreSQL takes times at offset zero only).
        var since = await support.GetAsync<PagedResult<AuditEntryDto>>(
            $"audit?userId={employee.Id}&from={Instant(resumedAt.ToOffset(TimeSpan.FromHours(9)))}");
        var before = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?userId={employee.Id}&to={Instant(resumedAt)}");
        Assert.That(since.Items.Select(a => a.Event), Is.EqualTo(new[] { AuditEvents.Resumed, AuditEvents.TemporaryCredentialsIssued }));
        Assert.That(before.Items.Select(a => a.Event), Is.EqualTo(new[] { AuditEvents.Suspended }));

        var paged = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?userId={employee.Id}&page=2&pageSize=2");
        Assert.That((paged.Total, paged.Items.Single().Event), Is.EqualTo((3, AuditEvents.Suspended)));
    }

    [Test]
    public async Task Search_WithAnUnreadableTime_IsABadRequest()
    {
        var response = await support.GetAsync("audit?from=yesterday");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
