using System.Collections.Concurrent;
using System.Text.Json;
using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Import;

/// <summary><c>Harmony:Imports</c>: how confirmed CSV imports run in the background.</summary>
public sealed class EmployeeImportOptions
{
    public const string Section = "Harmony:Imports";

    /// <summary>
    /// Whether this node runs imports (<see cref="EmployeeImportService"/>). Off, confirmed imports wait for a node where
    /// it is on (tests run <see cref="EmployeeImportRunner"/> themselves).
    /// </summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>How long a runner holds an import without renewing its claim; renewed at every progress update.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a node looks for imports to run (another node's, or one whose node died).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many temporary passwords one import hashes at once (the hasher's own bound still applies).</summary>
    public int HashParallelism { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);
}

/// <summary>Wakes this node's <see cref="EmployeeImportService"/> for an import confirmed here, instead of its next poll.</summary>
public sealed class EmployeeImportSignal
{
    private readonly ConcurrentQueue<Guid> confirmed = new();
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake(Guid importId)
    {
        confirmed.Enqueue(importId);
        try
        {
            if (signal.CurrentCount == 0) signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public bool TryTake(out Guid importId) => confirmed.TryDequeue(out importId);

    /// <summary>True when woken, false when the timeout passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Runs confirmed imports on this node, one at a time: those confirmed here at once, and at every poll interval any
/// other that waits (confirmed on a node that does not run imports, or whose runner died and whose claim ran out).
/// </summary>
public sealed partial class EmployeeImportService(
    IServiceScopeFactory scopes,
    EmployeeImportSignal signal,
    IOptions<EmployeeImportOptions> options,
    ILogger<EmployeeImportService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground) return;
        // Let the host finish starting (the first poll would otherwise run during start-up).
        await Task.Yield();
        var poll = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (signal.TryTake(out var importId))
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<EmployeeImportRunner>().RunAsync(importId, stoppingToken);
                }
                if (poll)
                {
                    bool ran;
                    do
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        ran = await scope.ServiceProvider.GetRequiredService<EmployeeImportRunner>().RunNextAsync(stoppingToken);
                    } while (ran && !stoppingToken.IsCancellationRequested);
                }
                poll = !await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be away for a moment; the next poll tries again.
                LogRunnerFailed(logger, e);
                try
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The employee import runner failed; it tries again at its next poll")]
    private static partial void LogRunnerFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Runs one confirmed import (<see cref="EmployeeImportJob"/>). Phase 1, outside any transaction: a temporary password
/// for each row, hashed by the server's password hasher, kept in memory only; the hashed count is written every few rows
/// so that the admin site shows progress. Phase 2: one transaction enrols every row with its precomputed hash (the same
/// enrolment as one employee's: account, audit events, instruction email), records <c>EmployeesImported</c> and marks the
/// import done, only while this runner still holds the claim. Any failure rolls everything back and the import ends
/// failed with a reason; a runner that dies leaves nothing, and the import starts again from phase 1 once its claim runs out.
/// </summary>
public sealed partial class EmployeeImportRunner(
    HarmonyDbContext db,
    AccountLifecycle lifecycle,
    TemporaryCredentials temporaryCredentials,
    AuditLog audit,
    TimeProvider time,
    IOptions<EmployeeImportOptions> options,
    ILogger<EmployeeImportRunner> logger)
{
    public const string Actor = "job:employee-import";

    private const int MaxFileNameLength = 100;
    private const int MaxErrorLength = 2000;

    /// <summary>Claims the oldest import that is waiting (or whose runner's claim ran out) and runs it; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var next = await Runnable(now).OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken);
        if (next is null) return false;
        await RunAsync(next.Value, cancellationToken);
        return true;
    }

    /// <summary>Runs the import <paramref name="importId"/> if it can be claimed; false when it is finished or held by another runner.</summary>
    public async Task<bool> RunAsync(Guid importId, CancellationToken cancellationToken = default)
    {
        var claim = Guid.NewGuid();
        if (!await ClaimAsync(importId, claim, cancellationToken)) return false;
        var job = await db.Set<EmployeeImportJob>().AsNoTracking().SingleAsync(j => j.Id == importId, cancellationToken);
        try
        {
            await RunClaimedAsync(job, claim, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping: hand the import back untouched (nothing was saved), for this or another node to start again.
            await Jobs(importId, claim).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, EmployeeImportStatuses.Pending)
                .SetProperty(j => j.Hashed, 0)
                .SetProperty(j => j.ClaimedBy, (Guid?)null)
                .SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
        return true;
    }

    private IQueryable<EmployeeImportJob> Runnable(DateTimeOffset now) => db.Set<EmployeeImportJob>().Where(j =>
        (j.Status == EmployeeImportStatuses.Pending || j.Status == EmployeeImportStatuses.Hashing || j.Status == EmployeeImportStatuses.Saving) &&
        (j.ClaimedUntil == null || j.ClaimedUntil < now));

    private IQueryable<EmployeeImportJob> Jobs(Guid importId, Guid claim) =>
        db.Set<EmployeeImportJob>().Where(j => j.Id == importId && j.ClaimedBy == claim);

    /// <summary>
    /// One UPDATE takes the import if it is runnable; its condition is re-checked under the row's lock (as the outbox's
    /// claim), so two nodes never both take it. A stale claim is taken over and the import starts again from phase 1.
    /// </summary>
    private async Task<bool> ClaimAsync(Guid importId, Guid claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await Runnable(now).Where(j => j.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.ClaimedBy, claim)
            .SetProperty(j => j.ClaimedUntil, now + options.Value.ClaimDuration)
            .SetProperty(j => j.Status, EmployeeImportStatuses.Hashing)
            .SetProperty(j => j.Hashed, 0)
            .SetProperty(j => j.StartedAt, now)
            .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Writes the progress and renews the claim; false when this runner no longer holds the import.</summary>
    private async Task<bool> ProgressAsync(Guid importId, Guid claim, string status, int hashed, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + options.Value.ClaimDuration;
        return await Jobs(importId, claim).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.Hashed, hashed)
            .SetProperty(j => j.ClaimedUntil, until), cancellationToken) == 1;
    }

    private async Task RunClaimedAsync(EmployeeImportJob job, Guid claim, CancellationToken cancellationToken)
    {
        List<ImportRow> rows;
        Company? company;
        try
        {
            rows = JsonSerializer.Deserialize<List<ImportRow>>(job.RowsJson, JsonSerializerOptions.Web) ?? [];
            company = await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == job.CompanyId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(job.Id, claim, EmployeeImportErrorCodes.Unexpected, e.ToString());
            return;
        }
        if (company is null)
        {
            await FailAsync(job.Id, claim, EmployeeImportErrorCodes.Unexpected, "The company no longer exists.");
            return;
        }

        // Phase 1: no transaction, no tracked entity; only the progress is written.
        var prepared = await HashAsync(job.Id, claim, rows, cancellationToken);
        if (prepared is null) return; // Lost the claim: another runner has the import now.
        if (!await ProgressAsync(job.Id, claim, EmployeeImportStatuses.Saving, rows.Count, cancellationToken)) return;

        // Phase 2: all rows or none.
        try
        {
            var saved = await SaveAsync(job, company, rows, prepared, claim, cancellationToken);
            if (saved) LogImported(logger, job.Id, rows.Count, job.CompanyId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            db.ChangeTracker.Clear();
            var taken = e is DbUpdateException && await AnyTakenAsync(job.CompanyId, rows, CancellationToken.None);
            LogFailed(logger, e, job.Id, job.CompanyId);
            await FailAsync(job.Id, claim, taken ? EmployeeImportErrorCodes.EmployeeNumberTaken : EmployeeImportErrorCodes.Unexpected,
                $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<PreparedPassword[]?> HashAsync(Guid importId, Guid claim, List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var prepared = new PreparedPassword[rows.Count];
        // About fifty progress updates per import, at most one a row.
        var step = Math.Clamp(rows.Count / 50, 1, 200);
        var hashed = 0;
        var lost = false;
        using var progress = new SemaphoreSlim(1, 1);
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.HashParallelism), CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                if (Volatile.Read(ref lost)) return;
                prepared[index] = temporaryCredentials.Prepare();
                var count = Interlocked.Increment(ref hashed);
                if (count % step != 0 || count == rows.Count) return;
                // One context, so one progress update at a time; a runner that lost its claim stops hashing.
                await progress.WaitAsync(ct);
                try
                {
                    if (!await ProgressAsync(importId, claim, EmployeeImportStatuses.Hashing, Volatile.Read(ref hashed), ct)) Volatile.Write(ref lost, true);
                }
                finally
                {
                    progress.Release();
                }
            });
        return lost ? null : prepared;
    }

    private async Task<bool> SaveAsync(EmployeeImportJob job, Company company, List<ImportRow> rows, PreparedPassword[] prepared, Guid claim,
        CancellationToken cancellationToken) =>
        await db.InTransactionAsync(async ct =>
        {
            // A retried attempt starts from nothing: entities the failed one added must not be saved twice.
            db.ChangeTracker.Clear();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                try
                {
                    await lifecycle.EnrolAsync(company, new NewEmployee(row.EmployeeNumber, row.DisplayName, row.Email, row.Locale), job.Actor,
                        prepared[i], ct);
                }
                catch (InvalidOperationException refused)
                {
                    throw new InvalidOperationException($"Line {row.Line}: {refused.Message}", refused);
                }
                // Each enrolment saved its account, email and audit event (uncommitted): the next one need not track them.
                db.ChangeTracker.Clear();
            }

            audit.Add(AuditEvents.EmployeesImported, reason: AuditReasons.ByAdmin, actor: job.Actor, companyId: company.Id,
                details: $"{rows.Count} of {job.TotalRows} rows imported from \"{DisplayFileName(job.FileName)}\" (sha256 {job.FileHash})");
            await db.SaveChangesAsync(ct);

            // Done only while this runner holds the import: a runner that lost it rolls its work back.
            var now = time.GetUtcNow();
            var done = await Jobs(job.Id, claim).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, EmployeeImportStatuses.Done)
                .SetProperty(j => j.Hashed, rows.Count)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.RowsJson, "[]")
                .SetProperty(j => j.ClaimedBy, (Guid?)null)
                .SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), ct);
            if (done != 1) throw new LostClaimException();
            return true;
        }, cancellationToken);

    private async Task FailAsync(Guid importId, Guid claim, string code, string detail)
    {
        var now = time.GetUtcNow();
        await Jobs(importId, claim).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, EmployeeImportStatuses.Failed)
            .SetProperty(j => j.ErrorCode, code)
            .SetProperty(j => j.ErrorDetail, detail.Truncate(MaxErrorLength))
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.RowsJson, "[]")
            .SetProperty(j => j.ClaimedBy, (Guid?)null)
            .SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    private async Task<bool> AnyTakenAsync(Guid companyId, IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
    {
        var numbers = rows.Select(r => r.EmployeeNumber).ToList();
        return await db.Users.AsNoTracking().AnyAsync(u => u.CompanyId == companyId && numbers.Contains(u.EmployeeNumber!), cancellationToken);
    }

    public static string DisplayFileName(string? fileName)
    {
        // Browsers send a bare name, but some clients send the whole Windows or Unix path.
        var bare = fileName is null ? "" : fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var name = new string(bare.Where(c => !char.IsControl(c)).ToArray());
        return name.Truncate(MaxFileNameLength);
    }

    /// <summary>Another runner took the import over while this one was saving; this one's transaction rolls back.</summary>
    private sealed class LostClaimException() : Exception("The import's claim ran out during the save.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} enrolled {Rows} employees in company {CompanyId}")]
    private static partial void LogImported(ILogger logger, Guid importId, int rows, Guid companyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} of company {CompanyId} failed; nothing was imported")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid importId, Guid companyId);
}
