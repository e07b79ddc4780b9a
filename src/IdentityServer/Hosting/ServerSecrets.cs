using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Hosting;

/// <summary>Random secrets created once in the database and shared by every node; cached after the first read.</summary>
public sealed class ServerSecrets(IServiceScopeFactory scopes)
{
    public const string UnknownLoginIdKey = "unknown-login-id-hmac";
    public const string SecondFactorCodeKey = "second-factor-code-hmac";
    public const string ClientSecretKey = "client-secret-hmac";

    private readonly ConcurrentDictionary<string, byte[]> cache = new();

    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(name, out var cached)) return cached;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HarmonyDbContext>();
        var value = await db.ServerSecrets.Where(s => s.Name == name).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
        if (value is null)
        {
            db.ServerSecrets.Add(new ServerSecret { Name = name, Value = RandomNumberGenerator.GetBytes(32) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                // Another node created it first; use theirs.
            }
            db.ChangeTracker.Clear();
            value = await db.ServerSecrets.Where(s => s.Name == name).Select(s => s.Value).SingleAsync(cancellationToken);
        }
        return cache.GetOrAdd(name, value);
    }
}

/// <summary>One row per secret, keyed by its name.</summary>
public sealed class ServerSecretConfiguration : IEntityTypeConfiguration<ServerSecret>
{
    public void Configure(EntityTypeBuilder<ServerSecret> secret)
    {
        secret.ToTable("ServerSecrets");
        secret.HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(64);
    }
}
