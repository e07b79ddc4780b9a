using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>An admin's token stops working as soon as the admin is suspended or loses the role.</summary>
public sealed class ActiveAdminTests : AppFixture
{
    [Test]
    public async Task SuspendedRepresentative_LosesTheApiAtOnce_ThoughTheTokenHasNotExpired()
    {
        var employee = await app.CreateEmployeeAsync();
        var admin = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, employee.CompanyId);
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, admin));
        Assert.That((await api.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().SuspendAsync(admin.Id, "operator:test"));

        Assert.That((await api.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await api.GetAsync($"employees/{employee.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task RepresentativeWhoseRoleWasRemoved_LosesTheApiAtOnce()
    {
        var employee = await app.CreateEmployeeAsync();
        var admin = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, employee.CompanyId);
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, admin));
        Assert.That((await api.GetAsync($"employees/{employee.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            return await users.RemoveFromRoleAsync((await users.FindByIdAsync(admin.Id.ToString()))!, HarmonyRoles.CompanyAdmin);
        });

        Assert.That((await api.GetAsync($"employees/{employee.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
