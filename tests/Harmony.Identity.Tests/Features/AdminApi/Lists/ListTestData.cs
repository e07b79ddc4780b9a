using Harmony.Identity.Server.Features.AdminApi.Import;

namespace Harmony.Identity.Tests.Features.AdminApi.Lists;

/// <summary>Companies whose employees differ in what the lists sort and filter by, and the exports read back.</summary>
public static class ListTestData
{
    /// <summary>Code page 932 that refuses what it cannot read, to read an export back as Excel in Japan would.</summary>
    public static readonly Encoding ShiftJis = StrictShiftJis();

    /// <summary>A value unique to the calling test that a text search finds (upper case: login IDs and addresses ignore case).</summary>
    public static string Token(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>The fields of each record of an export's text (a UTF-8 byte order mark is left out).</summary>
    public static List<IReadOnlyList<string>> CsvRows(string text) => CsvParser.Parse(text.TrimStart('\uFEFF')).Select(r => r.Fields).ToList();

    private static Encoding StrictShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

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
