using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>
/// Checks an employee CSV against a company and enrols its valid rows. Enrolment is the same as for one employee: the
/// account gets temporary credentials and its instruction email goes on the outbox; the whole import is one transaction,
/// so a failure on any row leaves no account, no email and no audit event behind.
/// </summary>
public sealed class EmployeeImporter(
    HarmonyDbContext db,
    AccountLifecycle lifecycle,
    AuditLog audit)
{
    private const int MaxFileNameLength = 100;

    /// <summary>Checks every row, against each other and against the employee numbers the company already uses.</summary>
    public async Task<EmployeeCsvCheck> CheckAsync(Guid companyId, IReadOnlyList<CsvRecord> records, CancellationToken cancellationToken = default)
    {
        var existing = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.EmployeeNumber != null)
            .Select(u => u.EmployeeNumber!)
            .ToListAsync(cancellationToken);
        return EmployeeCsv.Check(records, existing);
    }

    /// <summary>
    /// Enrols <paramref name="rows"/> in <paramref name="company"/> and records one audit event for the import.
    /// </summary>
    /// <exception cref="DbUpdateException">An employee number was taken meanwhile (the unique index refused it); nothing was saved.</exception>
    public async Task ImportAsync(Company company, IReadOnlyList<ImportRow> rows, int totalRows, string fileHash, string? fileName,
        string actor, CancellationToken cancellationToken = default)
    {
        await db.InTransactionAsync(async ct =>
        {
            // A retried attempt starts from nothing: entities the failed one added must not be saved twice.
            db.ChangeTracker.Clear();
            foreach (var row in rows)
            {
                try
                {
                    await lifecycle.EnrolAsync(company, new NewEmployee(row.EmployeeNumber, row.DisplayName, row.Email, row.Locale), actor, ct);
                }
                catch (InvalidOperationException refused)
                {
                    throw new InvalidOperationException($"Line {row.Line}: {refused.Message}", refused);
                }
            }

            audit.Add(AuditEvents.EmployeesImported, reason: AuditReasons.ByAdmin, actor: actor, companyId: company.Id,
                details: $"{rows.Count} of {totalRows} rows imported from \"{DisplayFileName(fileName)}\" (sha256 {fileHash})");
            await db.SaveChangesAsync(ct);
        }, cancellationToken);
    }

    private static string DisplayFileName(string? fileName)
    {
        // Browsers send a bare name, but some clients send the whole Windows or Unix path.
        var bare = fileName is null ? "" : fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var name = new string(bare.Where(c => !char.IsControl(c)).ToArray());
        return name.Truncate(MaxFileNameLength);
    }
}
