using Harmony.Identity.Contracts.Admin;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary>
/// A confirmed CSV import waiting for, or being run by, <see cref="EmployeeImportRunner"/>: the checked valid rows (as
/// JSON; no temporary password is ever stored), who confirmed it and how far it got. A runner holds it by its claim
/// (<see cref="ClaimedBy"/> until <see cref="ClaimedUntil"/>), so two nodes never run the same import; a claim that runs
/// out (the node died) lets another runner start it again from the beginning, since nothing was saved.
/// </summary>
public class EmployeeImportJob
{
    public Guid Id { get; set; }

    public Guid CompanyId { get; set; }

    /// <summary>The admin who confirmed (the audit events' actor).</summary>
    public required string Actor { get; set; }

    public string? FileName { get; set; }

    public required string FileHash { get; set; }

    public int TotalRows { get; set; }

    public int ValidRows { get; set; }

    /// <summary>The valid rows, <see cref="ImportRow"/>s as JSON.</summary>
    public required string RowsJson { get; set; }

    /// <summary>One of <see cref="EmployeeImportStatuses"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Temporary passwords hashed so far in the current run.</summary>
    public int Hashed { get; set; }

    /// <summary>One of <see cref="EmployeeImportErrorCodes"/> when the import failed.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>For operators: the failure as the server saw it (never shown to company admins as such).</summary>
    public string? ErrorDetail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>How many runs took the import (more than one: a node died while running it).</summary>
    public int Attempts { get; set; }

    public Guid? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public bool IsRunning => Status is EmployeeImportStatuses.Pending or EmployeeImportStatuses.Hashing or EmployeeImportStatuses.Saving;
}

public sealed class EmployeeImportJobConfiguration : IEntityTypeConfiguration<EmployeeImportJob>
{
    public void Configure(EntityTypeBuilder<EmployeeImportJob> job)
    {
        job.ToTable("EmployeeImports");
        job.Property(j => j.Actor).HasMaxLength(256);
        job.Property(j => j.FileName).HasMaxLength(256);
        job.Property(j => j.FileHash).HasMaxLength(64);
        job.Property(j => j.Status).HasMaxLength(16);
        job.Property(j => j.ErrorCode).HasMaxLength(64);
        job.Property(j => j.ErrorDetail).HasMaxLength(2000);
        job.HasIndex(j => new { j.CompanyId, j.Status });
        job.HasIndex(j => j.Status);
    }
}
