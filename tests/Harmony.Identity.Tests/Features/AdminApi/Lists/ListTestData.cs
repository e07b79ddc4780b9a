namespace Harmony.Identity.Tests.Features.AdminApi.Lists;

/// <summary>Companies whose employees differ in what the lists sort and filter by.</summary>
public static class ListTestData
{
    /// <summary>A company of its own with these employees (permanent credentials); the first one returned is the company's seed employee.</summary>
    public static async Task<(Guid CompanyId, List<TestEmployee> Employees)> CompanyWithAsync(this HarmonyAppFactory app,
        params (string Number, string Name)[] employees)
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var created = new List<TestEmployee>();
        foreach (var (number, name) in employees)
        {
            created.Add(await app.AddEmployeeAsync(companyId, employeeNumber: number, displayName: name));
        }
        return (companyId, created);
    }

    /// <summary>Sets when the account last signed in (null: never).</summary>
    public static Task SetLastSignInAsync(this HarmonyAppFactory app, Guid userId, DateTimeOffset? at) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInAt, at)));

    /// <summary>Renames an account in the database, for names no form would let through (a carriage return…).</summary>
    public static Task RenameAsync(this HarmonyAppFactory app, Guid userId, string name) =>
        app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users
            .Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, name)));
}
