namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Employees in the states the dashboard counts and the bulk actions resolve, as time and sign-ins would leave them.</summary>
public static class BulkTestData
{
    /// <summary>Changes an account in the database as the rest of the product would have (expiry passing, lockouts, suspension).</summary>
    public static Task ChangeUserAsync(this HarmonyAppFactory app, Guid id, Action<HarmonyUser> change) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == id);
        change(user);
        return await db.SaveChangesAsync();
    });

    /// <summary>A temporary employee whose credentials expired yesterday, not yet seen by the expiry job.</summary>
    public static async Task<TestEmployee> AddExpiredEmployeeAsync(this HarmonyAppFactory app, Guid companyId, string displayName = "期限 切子")
    {
        var employee = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary, displayName: displayName);
        await app.ChangeUserAsync(employee.Id, u => u.TemporaryExpiresAt = app.Time.GetUtcNow().AddDays(-1));
        return employee;
    }

    public static async Task<TestEmployee> AddLockedEmployeeAsync(this HarmonyAppFactory app, Guid companyId)
    {
        var employee = await app.AddEmployeeAsync(companyId);
        await app.ChangeUserAsync(employee.Id, u =>
        {
            u.AccessFailedCount = 5;
            u.LockoutEnd = app.Time.GetUtcNow().AddHours(20);
        });
        return employee;
    }

    public static async Task<TestEmployee> AddSuspendedEmployeeAsync(this HarmonyAppFactory app, Guid companyId)
    {
        var employee = await app.AddEmployeeAsync(companyId);
        await app.ChangeUserAsync(employee.Id, u => u.IsSuspended = true);
        return employee;
    }
}
