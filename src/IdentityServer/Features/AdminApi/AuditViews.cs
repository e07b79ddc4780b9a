using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.Email;
using OpenIddict.EntityFrameworkCore.Models;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Audit entries as an admin reads them (decision 0022): the actor by name and role, the account by name, the app by its
/// display name, and the details as facts. Names are read when the log is read, for the whole page at once: one query
/// for the people (actors and accounts, with their roles) and one for the apps, whatever the number of entries.
/// </summary>
public static class AuditViews
{
    private const string AdminPrefix = AdminCaller.PersonActorPrefix;
    private const string ClientPrefix = AdminCaller.ClientActorPrefix;
    private const string JobPrefix = "job:";

    public static async Task<List<AuditEntryDto>> ToDtosAsync(HarmonyDbContext db, AdminCaller caller, IReadOnlyCollection<AuditEvent> entries,
        CancellationToken cancellationToken)
    {
        var personIds = entries.Select(e => AdminIdOf(e.Actor)).Concat(entries.Select(e => e.UserId)).OfType<Guid>().Distinct().ToList();
        var people = personIds.Count == 0 ? [] : await db.Users.AsNoTracking()
            .Where(u => personIds.Contains(u.Id))
            .Select(u => new Person(u.Id, u.DisplayName, db.UserRoles.Where(ur => ur.UserId == u.Id)
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList()))
            .ToDictionaryAsync(p => p.Id, cancellationToken);

        var clientIds = entries.Select(e => ClientIdOf(e.Actor)).Concat(entries.Select(e => e.ClientId)).OfType<string>().Distinct().ToList();
        var apps = clientIds.Count == 0 ? [] : await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking()
            .Where(a => a.ClientId != null && clientIds.Contains(a.ClientId))
            .Select(a => new { ClientId = a.ClientId!, a.DisplayName })
            .ToDictionaryAsync(a => a.ClientId, a => string.IsNullOrWhiteSpace(a.DisplayName) ? a.ClientId : a.DisplayName, cancellationToken);

        return entries.Select(entry => ToDto(entry, caller, people, apps)).ToList();
    }

    private sealed record Person(Guid Id, string DisplayName, List<string> Roles);

    private static AuditEntryDto ToDto(AuditEvent entry, AdminCaller caller, Dictionary<Guid, Person> people, Dictionary<string, string> apps)
    {
        var (actorName, actorRole) = ActorOf(entry, people, apps);
        var facts = AuditDetails.Read(entry.Event, entry.Details);
        var details = entry.Details;
        if (!caller.IsOperator && facts is not null && facts.Keys.Any(AuditDetails.OperatorOnlyFacts.Contains))
        {
            // The provider's words stay with the support desk; the representative reads the explanation made of the rest.
            foreach (var key in AuditDetails.OperatorOnlyFacts) facts.Remove(key);
            details = null;
        }
        return new AuditEntryDto(
            entry.Id,
            entry.OccurredAt,
            entry.Event,
            entry.Reason,
            entry.UserId,
            entry.CompanyId,
            entry.ClientId,
            entry.IpAddress,
            entry.UserAgent,
            entry.ReferenceCode,
            entry.Actor,
            details,
            actorName,
            actorRole,
            entry.UserId is { } userId && people.TryGetValue(userId, out var account) ? account.DisplayName : null,
            entry.ClientId is { } clientId ? apps.GetValueOrDefault(clientId, clientId) : null,
            facts);
    }

    /// <summary>Who acted, by name and role (<see cref="ActorRoles"/>); the stored actor as the name when it is of no known kind.</summary>
    private static (string? Name, string? Role) ActorOf(AuditEvent entry, Dictionary<Guid, Person> people, Dictionary<string, string> apps)
    {
        var actor = entry.Actor;
        if (actor is null)
        {
            // No actor: the account's holder did it (a sign-in, a conversion), or nobody known (an unknown login ID).
            return entry.UserId is { } self && people.TryGetValue(self, out var holder) ? (holder.DisplayName, ActorRoles.Employee) : (null, null);
        }
        if (AdminIdOf(actor) is { } adminId)
        {
            return people.TryGetValue(adminId, out var admin)
                ? (admin.DisplayName, AdminAccountRules.StrongestRole(admin.Roles) ?? ActorRoles.FormerAdmin)
                : (null, ActorRoles.FormerAdmin);
        }
        if (ClientIdOf(actor) is { } clientId) return (apps.GetValueOrDefault(clientId, clientId), ActorRoles.Client);
        if (actor.StartsWith(JobPrefix, StringComparison.Ordinal)) return (actor[JobPrefix.Length..], ActorRoles.Job);
        if (actor == EmailRestrictions.WebhookActor) return ("sendgrid", ActorRoles.Provider);
        return (actor, null);
    }

    private static Guid? AdminIdOf(string? actor) =>
        actor is not null && actor.StartsWith(AdminPrefix, StringComparison.Ordinal) && Guid.TryParse(actor.AsSpan(AdminPrefix.Length), out var id) ? id : null;

    private static string? ClientIdOf(string? actor) =>
        actor is not null && actor.StartsWith(ClientPrefix, StringComparison.Ordinal) ? actor[ClientPrefix.Length..] : null;
}
