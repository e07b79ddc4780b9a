using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>A save that fails when it would add an audit row of <paramref name="auditEvent"/>: a failure half-way through an operation.</summary>
public sealed class FailOnAudit(string auditEvent) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context!.ChangeTracker.Entries<AuditEvent>().Any(e => e.State == EntityState.Added && e.Entity.Event == auditEvent))
        {
            throw new InvalidOperationException($"Simulated failure while saving a {auditEvent} audit row.");
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
