using System.Text.Json;
using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>
/// Checks an employee CSV against a company and queues the import of its valid rows, which
/// <see cref="EmployeeImportRunner"/> enrols in the background. Enrolment is the same as for one employee: the account
/// gets temporary credentials and its instruction email goes on the outbox; the save is one transaction, so a failure
/// on any row leaves no account, no email and no audit event behind.
/// </summary>
public sealed class EmployeeImporter(
    HarmonyDbContext db,
    EmployeeImportSignal signal,
    TimeProvider time)
{
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
    /// Stores a confirmed import of <paramref name="rows"/> for the background runner (<see cref="EmployeeImportRunner"/>)
    /// and wakes this node's runner; null when the company already has an import that is not finished.
    /// </summary>
    public async Task<EmployeeImportJob?> QueueAsync(Guid companyId, IReadOnlyList<ImportRow> rows, int totalRows, string fileHash,
        string? fileName, string actor, CancellationToken cancellationToken = default)
    {
        var running = await db.Set<EmployeeImportJob>().AnyAsync(j => j.CompanyId == companyId &&
            (j.Status == EmployeeImportStatuses.Pending || j.Status == EmployeeImportStatuses.Hashing || j.Status == EmployeeImportStatuses.Saving),
            cancellationToken);
        if (running) return null;

        var job = new EmployeeImportJob
        {
            Id = Guid.CreateVersion7(),
            CompanyId = companyId,
            Actor = actor,
            FileName = EmployeeImportRunner.DisplayFileName(fileName),
            FileHash = fileHash,
            TotalRows = totalRows,
            ValidRows = rows.Count,
            RowsJson = JsonSerializer.Serialize(rows, JsonSerializerOptions.Web),
            Status = EmployeeImportStatuses.Pending,
            CreatedAt = time.GetUtcNow(),
        };
        db.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake(job.Id);
        return job;
    }

    /// <summary>The import as the admin API shows it, its failure in the caller's language.</summary>
    public static EmployeeImportStatus StatusOf(EmployeeImportJob job) => new(
        job.Id, job.CompanyId, job.Status, job.FileName, job.FileHash, job.TotalRows, job.ValidRows, job.Hashed,
        job.ErrorCode, job.ErrorCode is null ? null : ImportTexts.ImportFailed(job.ErrorCode), job.CreatedAt, job.FinishedAt);
}
