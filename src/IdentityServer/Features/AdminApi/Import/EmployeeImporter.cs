using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Accounts;
using Harmony.Identity.Server.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>
/// Checks an employee CSV against a company and enrols its valid rows. Enrolment is the same as for one employee: the
/// account gets temporary credentials and its instruction email goes on the outbox; the whole import is one transaction,
/// so a failure on any row leaves no account, no email and no audit event behind.
/// </summary>
public sealed class EmployeeImporter(
    HarmonyDbContext db,
    UserManager<HarmonyUser> users,
    TemporaryCredentials temporaryCredentials,
    AuditLog audit,
    TimeProvider time)
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
            var now = time.GetUtcNow();
            foreach (var row in rows)
            {
                var user = new HarmonyUser
                {
                    CompanyId = company.Id,
                    EmployeeNumber = row.EmployeeNumber,
                    DisplayName = row.DisplayName,
                    Email = row.Email,
                    Locale = row.Locale,
                    CreatedAt = now,
                };
                // Issued before the account is created: UserManager's validation needs the login ID this gives it, and
                // its save then writes the account together with the history entry, audit event and outbox email.
                await temporaryCredentials.IssueAsync(user, company.Policy, AuditReasons.Enrolment, actor, ct);
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException(
                        $"Line {row.Line}: the account could not be created ({string.Join(", ", created.Errors.Select(e => e.Code))}).");
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
        return name.Length <= MaxFileNameLength ? name : name[..MaxFileNameLength];
    }
}
