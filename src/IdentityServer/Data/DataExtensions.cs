using Harmony.Identity.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Server.Data;

public static class DataExtensions
{
    /// <summary>The database (by <c>Database:Provider</c>) and the start-up migration.</summary>
    public static IHostApplicationBuilder AddHarmonyData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSingleton<HarmonyPaths>();

        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        builder.Services.AddOptions<DatabaseOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        var database = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                builder.Services.AddDbContext<HarmonyDbContext, SqlServerHarmonyDbContext>(options => options
                    .UseSqlServer(database.ConnectionString, sql => sql.EnableRetryOnFailure())
                    .UseOpenIddict());
                break;
            default:
                builder.Services.AddDbContext<HarmonyDbContext, SqliteHarmonyDbContext>((services, options) => options
                    .UseSqlite(database.ConnectionString ?? SqliteConnectionString(services.GetRequiredService<HarmonyPaths>()))
                    .UseOpenIddict());
                break;
        }

        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    private static string SqliteConnectionString(HarmonyPaths paths) =>
        $"Data Source={Path.Combine(paths.DataFolder, "harmony-identity.db")}";
}
