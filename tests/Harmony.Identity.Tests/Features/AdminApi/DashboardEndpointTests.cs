namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// A company's dashboard through the admin API (issue 12 item 2): the counts by state, each equal to what the employee
/// list filtered by that state shows, each with the bulk action that resolves it.
/// </summary>
public sealed class DashboardEndpointTests : AppFixture
{
    [Test]
    public async Task Dashboard_CountsEachState_AsTheFilteredListShowsIt_WithTheResolvingAction()
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, companyId);
        var admin = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));
        await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        var expiring = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        await app.ChangeUserAsync(expiring.Id, u => u.TemporaryExpiresAt = app.Time.GetUtcNow().AddDays(3));
        await app.AddExpiredEmployeeAsync(companyId);
        await app.AddExpiredEmployeeAsync(companyId);
        await app.AddLockedEmployeeAsync(companyId);
        await app.AddSuspendedEmployeeAsync(companyId);
        var restricted = await app.AddEmployeeAsync(companyId);
        await app.RestrictAddressAsync(restricted.Email);
        // Another company's employees are not counted.
        await app.AddExpiredEmployeeAsync((await app.CreateEmployeeAsync()).CompanyId);

        var dashboard = await admin.GetAsync<CompanyDashboard>($"companies/{companyId}/dashboard");

        Assert.That(dashboard.Employees, Is.EqualTo(9), "the first employee, the representative and seven more");
        Assert.That(dashboard.Counts.Select(c => (c.State, c.Count, c.Action)), Is.EqualTo(new[]
        {
            (EmployeeStates.Temporary, 2, (string?)BulkActions.Resend),
            (EmployeeStates.TemporaryExpiring, 1, BulkActions.Resend),
            (EmployeeStates.TemporaryExpired, 2, BulkActions.Reissue),
            (EmployeeStates.Locked, 1, BulkActions.Unlock),
            (EmployeeStates.EmailRestricted, 1, null),
            (EmployeeStates.Suspended, 1, null),
        }));
        foreach (var count in dashboard.Counts)
        {
            var list = await admin.SearchAsync($"state={count.State}");
            Assert.That(list.Total, Is.EqualTo(count.Count), $"the list filtered by {count.State}");
        }
        var expiringRow = (await admin.SearchAsync($"state={EmployeeStates.TemporaryExpiring}")).Items.Single();
        Assert.That(expiringRow.States, Is.EqualTo(new[] { EmployeeStates.Temporary, EmployeeStates.TemporaryExpiring }));
    }
}
