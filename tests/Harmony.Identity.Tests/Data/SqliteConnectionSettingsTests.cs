using System.Data.Common;

namespace Harmony.Identity.Tests.Data;

/// <summary>
/// The embedded database's per-connection settings (decision 0032) hold on every connection the app's contexts use,
/// including a pooled connection lent again, although they are applied only once per connection SQLite opens.
/// </summary>
public sealed class SqliteConnectionSettingsTests : AppFixture
{
    [Test]
    public async Task EveryContext_AndEveryReopenOfAPooledConnection_HasTheBusyTimeout_AndSynchronousNormal()
    {
        for (var scope = 0; scope < 2; scope++)
        {
            await app.WithServicesAsync(async services =>
            {
                var db = services.GetRequiredService<HarmonyDbContext>();
                for (var open = 0; open < 3; open++)
                {
                    await db.Database.OpenConnectionAsync();
                    var connection = db.Database.GetDbConnection();
                    Assert.That(await PragmaAsync(connection, "busy_timeout"), Is.EqualTo(10000), $"scope {scope}, open {open}");
                    Assert.That(await PragmaAsync(connection, "synchronous"), Is.EqualTo(1), $"NORMAL is 1 (scope {scope}, open {open})");
                    Assert.That(await PragmaAsync(connection, "journal_mode", text: true), Is.EqualTo("wal"));
                    await db.Database.CloseConnectionAsync();
                }
                return 0;
            });
        }
    }

    private static async Task<object?> PragmaAsync(DbConnection connection, string name, bool text = false)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        var value = await command.ExecuteScalarAsync();
        return text ? Convert.ToString(value, CultureInfo.InvariantCulture) : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
