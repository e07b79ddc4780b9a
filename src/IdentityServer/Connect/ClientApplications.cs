using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// How client secrets are stored: HMAC-SHA256 under a server key (<see cref="ServerSecrets.ClientSecretKey"/>, shared by
/// every node through the database) over a per-secret salt and the secret. Client secrets are not passwords: the server
/// generates 256-bit random ones, and configured ones must be at least <see cref="MinimumConfiguredLength"/> characters
/// in production, so a slow hash only slows the token endpoint down (a PBKDF2 check per request capped it near 150/s)
/// without making a secret harder to guess. Stored values read <c>hmac-sha256$&lt;salt&gt;$&lt;mac&gt;</c> (base64);
/// OpenIddict's PBKDF2 values written before are still accepted and replaced at their next successful use.
/// </summary>
public static class ClientSecretHash
{
    public const int MinimumConfiguredLength = 32;

    private const string Prefix = "hmac-sha256$";
    private const int SaltBytes = 16;

    public static string Create(string secret, ReadOnlySpan<byte> key)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return Prefix + Convert.ToBase64String(salt) + "$" + Convert.ToBase64String(Mac(key, salt, secret));
    }

    public static bool IsKeyed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>False for a wrong secret and for any stored value that is not one of ours; never throws.</summary>
    public static bool Verify(string secret, string stored, ReadOnlySpan<byte> key)
    {
        if (!IsKeyed(stored)) return false;
        var parts = stored.AsSpan(Prefix.Length);
        var separator = parts.IndexOf('$');
        if (separator < 0) return false;

        Span<byte> salt = stackalloc byte[SaltBytes];
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64Chars(parts[..separator], salt, out var saltLength) || saltLength != SaltBytes) return false;
        if (!Convert.TryFromBase64Chars(parts[(separator + 1)..], expected, out var macLength) || macLength != expected.Length) return false;

        return CryptographicOperations.FixedTimeEquals(expected, Mac(key, salt, secret));
    }

    private static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, string secret)
    {
        var message = new byte[salt.Length + Encoding.UTF8.GetByteCount(secret)];
        salt.CopyTo(message);
        Encoding.UTF8.GetBytes(secret, message.AsSpan(salt.Length));
        return HMACSHA256.HashData(key, message);
    }
}

/// <summary>
/// OpenIddict's application manager with <see cref="ClientSecretHash"/> in place of its PBKDF2, and client lookups
/// served from <see cref="ClientApplicationCache{TApplication}"/> (OpenIddict's own cache lives for one request only, so every
/// token request read the client's row again).
/// </summary>
public sealed class HarmonyApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store,
    ClientApplicationCache<TApplication> clients,
    HarmonyDbContext db,
    ServerSecrets secrets)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : OpenIddictEntityFrameworkCoreApplication, new()
{
    // One request asks for its client several times (client ID, secret, permissions, the grant): one copy serves them all.
    private TApplication? lastFound;

    public override async ValueTask<TApplication?> FindByClientIdAsync(
        string identifier, CancellationToken cancellationToken = default)
    {
        if (lastFound is { } last && string.Equals(last.ClientId, identifier, StringComparison.Ordinal)) return last;
        var application = clients.TryGet(identifier) ?? await base.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null && db.Entry(application).State != EntityState.Detached) clients.Add(application);
        return lastFound = application;
    }

    public override async ValueTask CreateAsync(TApplication application, CancellationToken cancellationToken = default)
    {
        lastFound = null;
        await base.CreateAsync(application, cancellationToken);
        clients.Remove(application.ClientId);
    }

    public override async ValueTask UpdateAsync(TApplication application, CancellationToken cancellationToken = default)
    {
        lastFound = null;
        clients.Remove(application.ClientId);
        await base.UpdateAsync(Tracked(application), cancellationToken);
        clients.Remove(application.ClientId);
    }

    public override async ValueTask DeleteAsync(TApplication application, CancellationToken cancellationToken = default)
    {
        lastFound = null;
        clients.Remove(application.ClientId);
        await base.DeleteAsync(Tracked(application), cancellationToken);
        clients.Remove(application.ClientId);
    }

    /// <summary>
    /// A cached copy is detached. Before an update it is attached to this request's context (or, when the context
    /// already tracks the same client, its values go onto the tracked one), so that OpenIddict's own lookups while it
    /// validates the change resolve to that one instance instead of a second one EF would refuse to track.
    /// </summary>
    private TApplication Tracked(TApplication application)
    {
        if (db.Entry(application).State != EntityState.Detached) return application;
        var tracked = db.Set<TApplication>().Local.FirstOrDefault(a => a.Id == application.Id);
        if (tracked is null)
        {
            db.Attach(application);
            return application;
        }
        db.Entry(tracked).CurrentValues.SetValues(application);
        return tracked;
    }

    protected override async ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ClientSecretHash.Create(secret, await secrets.GetAsync(ServerSecrets.ClientSecretKey, cancellationToken));

    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (!ClientSecretHash.IsKeyed(comparand)) return await base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        return ClientSecretHash.Verify(secret, comparand, await secrets.GetAsync(ServerSecrets.ClientSecretKey, cancellationToken));
    }

    /// <summary>A secret still stored with PBKDF2 (written before) is stored again the fast way once it has been shown right.</summary>
    public override async ValueTask<bool> ValidateClientSecretAsync(
        TApplication application, string secret, CancellationToken cancellationToken = default)
    {
        if (!await base.ValidateClientSecretAsync(application, secret, cancellationToken)) return false;

        if (application.ClientSecret is { } stored && !ClientSecretHash.IsKeyed(stored))
        {
            application.ClientSecret = await ObfuscateClientSecretAsync(secret, cancellationToken);
            await UpdateAsync(application, cancellationToken);
        }
        return true;
    }
}

/// <summary>
/// Clients by client_id, shared by the requests of one node for <see cref="ServerOptions.ClientCacheDuration"/>. Each
/// caller gets its own detached copy, so nothing one request changes leaks into another. A change made through this
/// node (admin API, configuration at start) clears the entry at once; another node sees it once its entry is older
/// than the duration, so a rotated secret or a removed client keeps working there for at most that long.
/// </summary>
public sealed class ClientApplicationCache<TApplication>(IOptions<ServerOptions> options, TimeProvider time)
    where TApplication : OpenIddictEntityFrameworkCoreApplication, new()
{
    private readonly ConcurrentDictionary<string, (TApplication Application, DateTimeOffset Until)> entries =
        new(StringComparer.Ordinal);

    public TApplication? TryGet(string clientId) =>
        entries.TryGetValue(clientId, out var entry) && entry.Until > time.GetUtcNow() ? Copy(entry.Application) : null;

    public void Add(TApplication application)
    {
        var duration = options.Value.ClientCacheDuration;
        if (application.ClientId is null || duration <= TimeSpan.Zero) return;
        // Bounded by the number of registered clients: only clients that exist are ever added.
        entries[application.ClientId] = (Copy(application), time.GetUtcNow() + duration);
    }

    public void Remove(string? clientId)
    {
        if (clientId is not null) entries.TryRemove(clientId, out _);
    }

    private static TApplication Copy(TApplication from) => new()
    {
        Id = from.Id,
        ApplicationType = from.ApplicationType,
        ClientId = from.ClientId,
        ClientSecret = from.ClientSecret,
        ClientType = from.ClientType,
        ConcurrencyToken = from.ConcurrencyToken,
        ConsentType = from.ConsentType,
        DisplayName = from.DisplayName,
        DisplayNames = from.DisplayNames,
        JsonWebKeySet = from.JsonWebKeySet,
        Permissions = from.Permissions,
        PostLogoutRedirectUris = from.PostLogoutRedirectUris,
        Properties = from.Properties,
        RedirectUris = from.RedirectUris,
        Requirements = from.Requirements,
        Settings = from.Settings,
    };
}
