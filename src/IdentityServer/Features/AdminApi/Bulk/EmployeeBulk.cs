using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.AdminApi.Import;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Server.Features.AdminApi.Bulk;

/// <summary>
/// Runs a bulk action (<see cref="BulkActions"/>) on up to <see cref="BulkActions.MaxEmployees"/> employees, or
/// previews it: each employee gets the checks of the single action (company, admin account as decision 0010 says, the
/// account's state) and is done or skipped with a reason. Read in a few queries; new temporary passwords are hashed in
/// parallel before any save (as the import does); then each employee is one save of the shared
/// <see cref="AccountLifecycle"/> operation, so one failure leaves the others done.
/// </summary>
public sealed class EmployeeBulk(
    HarmonyDbContext db,
    AccountLifecycle lifecycle,
    TemporaryCredentials credentials,
    TimeProvider time,
    IOptions<EmployeeImportOptions> importOptions)
{
    /// <summary>An employee sent an instruction email this recently is not sent another by a bulk action (a repeated click, two admins).</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(10);

    private const string InstructionKind = "Instruction";

    private const int QueryChunk = 500;

    private sealed record Account(HarmonyUser User, bool EmailRestricted, string? AdminRole, bool RecentlySent);

    public async Task<BulkResult> RunAsync(AdminCaller caller, string action, IReadOnlyList<Guid> requested, bool preview,
        CancellationToken cancellationToken)
    {
        var ids = requested.Distinct().ToList();
        var now = time.GetUtcNow();
        var accounts = await LoadAsync(ids, now, cancellationToken);

        var verdicts = ids.Select(id => (Id: id, Account: accounts.GetValueOrDefault(id), Reason: (string?)null)).ToList();
        for (var i = 0; i < verdicts.Count; i++)
        {
            verdicts[i] = verdicts[i] with { Reason = SkipReason(caller, action, verdicts[i].Account, now) };
        }
        if (preview)
        {
            return Summary(action, preview: true, verdicts.Select(v => v.Reason is null
                ? Item(v.Account, v.Id, BulkResult.StatusReady, null, BulkTexts.Ready(action))
                : Skipped(v.Account, v.Id, v.Reason)).ToList());
        }

        var ready = verdicts.Count(v => v.Reason is null);
        var passwords = new Queue<PreparedPassword>(BulkActions.IssuesCredentials(action) ? await PrepareAsync(ready, cancellationToken) : []);
        var items = new List<BulkItem>(verdicts.Count);
        foreach (var (id, account, reason) in verdicts)
        {
            if (reason is not null)
            {
                items.Add(Skipped(account, id, reason));
                continue;
            }
            var prepared = passwords.Count > 0 ? passwords.Dequeue() : null;
            items.Add(await ApplyAsync(caller, action, account!, prepared, cancellationToken));
        }
        return Summary(action, preview: false, items);
    }

    /// <summary>The accounts, whether their address is restricted, their admin role and whether they had an instruction email just now.</summary>
    private async Task<Dictionary<Guid, Account>> LoadAsync(List<Guid> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<Guid, Account>();
        var since = now - ResendInterval;
        foreach (var chunk in ids.Chunk(QueryChunk))
        {
            var rows = await EmployeeViews.Rows(db, db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id))).ToListAsync(cancellationToken);
            var roles = (await db.UserRoles.AsNoTracking()
                    .Where(ur => chunk.Contains(ur.UserId))
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                    .ToListAsync(cancellationToken))
                .ToLookup(r => r.UserId, r => r.Name!);
            var recent = (await db.OutboxMessages.AsNoTracking()
                    .Where(m => m.UserId != null && chunk.Contains(m.UserId.Value) && m.Kind == InstructionKind && m.CreatedAt > since)
                    .Select(m => m.UserId!.Value)
                    .Distinct()
                    .ToListAsync(cancellationToken))
                .ToHashSet();
            foreach (var row in rows)
            {
                accounts[row.User.Id] = new Account(row.User, row.EmailRestricted, AdminAccountRules.StrongestRole(roles[row.User.Id]),
                    recent.Contains(row.User.Id));
            }
        }
        return accounts;
    }

    /// <summary>Null when the action applies to the account; otherwise why not (<see cref="BulkSkipReasons"/>).</summary>
    private static string? SkipReason(AdminCaller caller, string action, Account? account, DateTimeOffset now)
    {
        if (account is null || !caller.CanAccess(account.User.CompanyId)) return BulkSkipReasons.NotFound;
        var user = account.User;
        if (action != BulkActions.Unlock && !caller.MayManageCredentialsOf(account.AdminRole)) return BulkSkipReasons.AdminAccount;
        if (action is BulkActions.Suspend or BulkActions.Reissue && user.Id.ToString() == caller.Subject) return BulkSkipReasons.Self;
        var mailable = MailSkipReason(account);
        return action switch
        {
            BulkActions.Resend when user.CredentialKind == CredentialKind.Permanent => BulkSkipReasons.Permanent,
            BulkActions.Resend or BulkActions.Reissue when user.IsSuspended => BulkSkipReasons.Suspended,
            BulkActions.Resend or BulkActions.Reissue => mailable,
            BulkActions.Resume when !user.IsSuspended => BulkSkipReasons.NotSuspended,
            BulkActions.Suspend when user.IsSuspended => BulkSkipReasons.AlreadySuspended,
            BulkActions.Unlock when !(user.LockoutEnd > now) => BulkSkipReasons.NotLocked,
            _ => null,
        };
    }

    /// <summary>
    /// New credentials that no email would carry would only void the ones the employee has; and one instruction email
    /// just now is enough.
    /// </summary>
    private static string? MailSkipReason(Account account) =>
        string.IsNullOrWhiteSpace(account.User.Email) ? BulkSkipReasons.NoAddress
        : account.EmailRestricted ? BulkSkipReasons.EmailRestricted
        : account.RecentlySent ? BulkSkipReasons.RecentlySent
        : null;

    private async Task<PreparedPassword[]> PrepareAsync(int count, CancellationToken cancellationToken)
    {
        var prepared = new PreparedPassword[count];
        await Parallel.ForAsync(0, count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, importOptions.Value.HashParallelism), CancellationToken = cancellationToken },
            (i, _) =>
            {
                prepared[i] = credentials.Prepare();
                return ValueTask.CompletedTask;
            });
        return prepared;
    }

    private async Task<BulkItem> ApplyAsync(AdminCaller caller, string action, Account account, PreparedPassword? prepared,
        CancellationToken cancellationToken)
    {
        var id = account.User.Id;
        try
        {
            switch (action)
            {
                case BulkActions.Resend:
                    var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
                    if (user is null) return Skipped(account, id, BulkSkipReasons.NotFound);
                    await lifecycle.ResendInstructionAsync(user, AdminAuditEvents.ResendInstructionReason, caller.Actor, prepared, cancellationToken);
                    return Done(account, action);
                case BulkActions.Reissue or BulkActions.Resume:
                    var (resumed, _) = await lifecycle.ResumeAsync(id, caller.Actor, prepared, cancellationToken);
                    return resumed == LifecycleResult.NotFound
                        ? Skipped(account, id, BulkSkipReasons.NotFound)
                        : Done(account, action, withoutEmail: action == BulkActions.Resume && MailSkipReason(account) is BulkSkipReasons.NoAddress or BulkSkipReasons.EmailRestricted);
                case BulkActions.Suspend:
                    return await lifecycle.SuspendAsync(id, caller.Actor, cancellationToken) switch
                    {
                        LifecycleResult.Done => Done(account, action),
                        LifecycleResult.NoChange => Skipped(account, id, BulkSkipReasons.AlreadySuspended),
                        _ => Skipped(account, id, BulkSkipReasons.NotFound),
                    };
                default:
                    return await lifecycle.UnlockAsync(id, caller.Actor, cancellationToken) switch
                    {
                        LifecycleResult.Done => Done(account, action),
                        LifecycleResult.NoChange => Skipped(account, id, BulkSkipReasons.NotLocked),
                        _ => Skipped(account, id, BulkSkipReasons.NotFound),
                    };
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return Skipped(account, id, BulkSkipReasons.ChangedMeanwhile);
        }
        finally
        {
            // 1,000 saves in one context: keep the tracker from growing with every account done.
            db.ChangeTracker.Clear();
        }
    }

    private static BulkItem Done(Account account, string action, bool withoutEmail = false) =>
        Item(account, account.User.Id, BulkResult.StatusDone, null, BulkTexts.Done(action, withoutEmail));

    private static BulkItem Skipped(Account? account, Guid id, string reason) =>
        // Another company's employee is "not found": nothing of them is echoed back.
        Item(reason == BulkSkipReasons.NotFound ? null : account, id, BulkResult.StatusSkipped, reason, BulkTexts.Skipped(reason));

    private static BulkItem Item(Account? account, Guid id, string status, string? reason, string message) =>
        new(id, account?.User.DisplayName, account?.User.EmployeeNumber, status, reason, message);

    private static BulkResult Summary(string action, bool preview, IReadOnlyList<BulkItem> items)
    {
        var skipped = items.Count(i => i.Status == BulkResult.StatusSkipped);
        return new BulkResult(action, preview, items.Count, items.Count - skipped, skipped, items);
    }
}
