namespace Harmony.Identity.Server.Data;

/// <summary>
/// The one way Harmony runs work in a transaction: inside the provider's execution strategy (SQL Server retries
/// transient failures, which a user-started transaction must opt into), joining the caller's transaction when there is one.
/// </summary>
public static class DatabaseTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> and commits. On a retry the whole of <paramref name="work"/> runs again, so it must start
    /// from what the database holds (clear the change tracker first when it adds entities). Inside a caller's transaction it
    /// runs once and the caller commits.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this HarmonyDbContext db, Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default) =>
        db.Database.CurrentTransaction is not null ? work(cancellationToken) : db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public static Task InTransactionAsync(this HarmonyDbContext db, Func<CancellationToken, Task> work,
        CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
}
