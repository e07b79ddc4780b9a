namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>An employee's profile as an admin wants it: trimmed and validated by the caller; the locale a supported tag.</summary>
public sealed record EmployeeProfile(string EmployeeNumber, string DisplayName, string Locale);

public enum ProfileChangeStatus
{
    Changed,

    /// <summary>Already as asked: nothing saved, nothing audited.</summary>
    Unchanged,

    /// <summary>Another employee of the company has the number, found before the save or by the unique index at the save.</summary>
    NumberTaken,
}

/// <summary>
/// Edits an employee's name, employee number and email language (issue 12 item 6). Nothing is voided or sent: none of
/// these reaches a credential or a mailbox. The change is audited as <see cref="AuditEvents.ProfileUpdated"/> with each
/// changed field before and after, as facts (<see cref="AuditFacts"/>).
/// </summary>
public sealed class EmployeeProfiles(HarmonyDbContext db, AuditLog audit)
{
    /// <param name="user">The tracked account; who may change it is the caller's decision.</param>
    public async Task<ProfileChangeStatus> UpdateAsync(HarmonyUser user, EmployeeProfile profile, string actor, CancellationToken cancellationToken = default)
    {
        var facts = new List<KeyValuePair<string, string>>();
        void Compare(string field, string? before, string after)
        {
            if (string.Equals(before, after, StringComparison.Ordinal)) return;
            facts.Add(KeyValuePair.Create(field + ".from", before ?? ""));
            facts.Add(KeyValuePair.Create(field + ".to", after));
        }
        Compare("displayName", user.DisplayName, profile.DisplayName);
        Compare("employeeNumber", user.EmployeeNumber, profile.EmployeeNumber);
        Compare("locale", user.Locale, profile.Locale);
        if (facts.Count == 0) return ProfileChangeStatus.Unchanged;

        var numberChanged = user.EmployeeNumber != profile.EmployeeNumber;
        if (numberChanged && await NumberTakenAsync(user, profile.EmployeeNumber, cancellationToken)) return ProfileChangeStatus.NumberTaken;
        user.DisplayName = profile.DisplayName;
        user.EmployeeNumber = profile.EmployeeNumber;
        user.Locale = profile.Locale;
        audit.Add(AuditEvents.ProfileUpdated, user, AuditReasons.ByAdmin, actor: actor, details: AuditFacts.Write(facts));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (numberChanged && e.IsUniqueViolation())
        {
            // Another admin (or an import) took the number between the check and the save.
            db.ChangeTracker.Clear();
            return ProfileChangeStatus.NumberTaken;
        }
        return ProfileChangeStatus.Changed;
    }

    private Task<bool> NumberTakenAsync(HarmonyUser user, string number, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().AnyAsync(u => u.CompanyId == user.CompanyId && u.EmployeeNumber == number && u.Id != user.Id, cancellationToken);
}
