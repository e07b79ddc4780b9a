using Microsoft.AspNetCore.DataProtection;

namespace Harmony.Identity.Server.Data;

public static class DataExtensions
{
    /// <summary>The database (by <c>Database:Provider</c>), the data folder and the key ring; the migration is a start-up step (<c>Hosting/DatabaseMigrator</c>).</summary>
    public static IHostApplicationBuilder AddHarmonyData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSingleton<HarmonyPaths>();

        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        builder.Services.AddOptions<DatabaseOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        var database = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Pooled: a request reuses a context instead of building one (with its options and sets) each time; the
        // contexts hold no state of their own beyond what EF resets between uses.
        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                builder.Services.AddDbContextPool<HarmonyDbContext, SqlServerHarmonyDbContext>(options => options
                    .UseSqlServer(database.ConnectionString, sql => sql.EnableRetryOnFailure())
                    .UseOpenIddict());
                break;
            case DatabaseProvider.PostgreSql:
                builder.Services.AddDbContextPool<HarmonyDbContext, PostgreSqlHarmonyDbContext>(options => options
                    .UseNpgsql(database.ConnectionString, npgsql => npgsql.EnableRetryOnFailure())
                    .UseOpenIddict());
                break;
            default:
                builder.Services.AddDbContextPool<HarmonyDbContext, SqliteHarmonyDbContext>((services, options) => options
                    .UseSqlite(database.ConnectionString ?? SqliteConnectionString(services.GetRequiredService<HarmonyPaths>()))
                    .AddInterceptors(SqliteSettings)
                    .UseOpenIddict());
                break;
        }

        // One key ring for every node, in the database: cookies, antiforgery tokens and the email outbox's protected
        // bodies must be readable by whichever node handles them, and after a restart. The fixed application name
        // keeps nodes installed under different paths on the same keys. Its hosted service runs after the start-up
        // sequence (the first hosted service, which migrates), so that the key ring is loaded (and its first key
        // created) at start-up once the table exists, never inside a request's transaction (on SQLite that would wait
        // on the transaction's own write lock).
        builder.Services.AddDataProtection()
            .SetApplicationName("Harmony.Identity.Server")
            .PersistKeysToDbContext<HarmonyDbContext>();
        return builder;
    }

    private static readonly SqliteConnectionSettings SqliteSettings = new();

    private static string SqliteConnectionString(HarmonyPaths paths) =>
        $"Data Source={Path.Combine(paths.DataFolder, "harmony-identity.db")}";
}
