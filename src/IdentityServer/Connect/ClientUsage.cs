using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.Server;

namespace Harmony.Identity.Server.Connect;

/// <summary>When an app last obtained a token (the admin API shows it as "last used"), one row per app.</summary>
public sealed class ClientUsage
{
    public string ClientId { get; set; } = "";

    public DateTimeOffset LastUsedAt { get; set; }
}

public sealed class ClientUsageConfiguration : IEntityTypeConfiguration<ClientUsage>
{
    public void Configure(EntityTypeBuilder<ClientUsage> usage)
    {
        usage.ToTable("ClientUsages");
        usage.HasKey(u => u.ClientId);
        usage.Property(u => u.ClientId).HasMaxLength(100);
    }
}

/// <summary>
/// Last-used times, kept without slowing the token endpoint down (decision 0017: a client_credentials token writes no
/// row). A token response only notes the time in memory; <see cref="ClientUsageWriter"/> writes what changed once per
/// <see cref="FlushInterval"/> (and when the server stops), so the database sees at most one write per app and node a
/// minute however many tokens are issued. The admin API reads the rows and this node's unwritten times together, so the
/// node that issued a token shows it at once; another node's shows within the interval. A node that crashes loses at
/// most its last minute of times.
/// </summary>
public sealed class ClientUsageRecorder(IServiceScopeFactory scopes, TimeProvider time, ILogger<ClientUsageRecorder> logger)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> pending = new(StringComparer.Ordinal);

    public void Record(string clientId) => pending[clientId] = time.GetUtcNow();

    /// <summary>The rows with this node's newer, unwritten times over them.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> ReadAsync(HarmonyDbContext db, CancellationToken cancellationToken)
    {
        var all = await db.Set<ClientUsage>().AsNoTracking().ToDictionaryAsync(u => u.ClientId, u => u.LastUsedAt, StringComparer.Ordinal, cancellationToken);
        foreach (var (clientId, at) in pending)
        {
            if (!all.TryGetValue(clientId, out var stored) || stored < at) all[clientId] = at;
        }
        return all;
    }

    /// <summary>A deleted app's row and unwritten time go with it.</summary>
    public async Task ForgetAsync(HarmonyDbContext db, string clientId, CancellationToken cancellationToken)
    {
        pending.TryRemove(clientId, out _);
        await db.Set<ClientUsage>().Where(u => u.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Writes the times noted since the last call; one that fails stays noted for the next.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.IsEmpty) return;
        var batch = pending.ToArray();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
            var ids = batch.Select(b => b.Key).ToList();
            var rows = await db.Set<ClientUsage>().Where(u => ids.Contains(u.ClientId)).ToDictionaryAsync(u => u.ClientId, StringComparer.Ordinal, cancellationToken);
            foreach (var (clientId, at) in batch)
            {
                if (!rows.TryGetValue(clientId, out var row)) db.Add(new ClientUsage { ClientId = clientId, LastUsedAt = at });
                else if (row.LastUsedAt < at) row.LastUsedAt = at;
            }
            await db.SaveChangesAsync(cancellationToken);
            // Only what was written is forgotten: a newer time noted meanwhile stays for the next round.
            foreach (var entry in batch) pending.TryRemove(entry);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // Another node inserted the same app's row first, or the database is away: the times stay noted.
            logger.LogWarning(e, "Could not write the apps' last-used times; trying again in {Interval}", FlushInterval);
        }
    }

    /// <summary>At every successful token response (every grant): notes the time for the request's client.</summary>
    public sealed class RecordAtTokenResponse(ClientUsageRecorder recorder) : IOpenIddictServerHandler<OpenIddictServerEvents.ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ApplyTokenResponseContext>()
                .UseSingletonHandler<RecordAtTokenResponse>()
                .SetOrder(int.MinValue + 50_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(OpenIddictServerEvents.ApplyTokenResponseContext context)
        {
            if (string.IsNullOrEmpty(context.Response?.Error) && context.Request?.ClientId is { Length: > 0 } clientId) recorder.Record(clientId);
            return default;
        }
    }
}

/// <summary>Writes <see cref="ClientUsageRecorder"/>'s noted times once a minute, and a last time when the server stops.</summary>
public sealed class ClientUsageWriter(ClientUsageRecorder recorder, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ClientUsageRecorder.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await recorder.FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last write follows in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await recorder.FlushAsync(cancellationToken);
    }
}
