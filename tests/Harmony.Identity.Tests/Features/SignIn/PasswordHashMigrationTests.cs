using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// Issue 11, part 2: passwords are stored with Argon2id, and an account whose stored hash is still Identity's PBKDF2 (every
/// account from before) signs in with its password and leaves with an Argon2id hash; nothing changes for a wrong password.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class PasswordHashMigrationTests(TestDatabase database) : AppFixture(database)
{
    private const string Invalid = "無効なログインIDまたはパスワードです。";

    [Test]
    public async Task ANewPassword_IsStoredAsArgon2id_AndTheUnknownIdCheckHashesTheSameWay()
    {
        var employee = await app.CreateEmployeeAsync();

        Assert.That((await app.ReadUserAsync(employee.Id)).PasswordHash, Does.StartWith("$argon2id$v=19$m=64,t=1,p=1$"));
        Assert.That(app.Services.GetRequiredService<UnknownUserTiming>().DummyHash, Does.StartWith("$argon2id$v=19$m=64,t=1,p=1$"),
            "an unknown login ID costs what a wrong password costs");
    }

    [Test]
    public async Task APbkdf2Account_SignsInWithItsPassword_AndIsStoredAsArgon2idAfterwards()
    {
        var employee = await app.CreateEmployeeAsync();
        var legacy = await StoreHashAsync(employee, Pbkdf2Hash(employee.Password));
        var before = await app.ReadUserAsync(employee.Id);

        var response = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.StartWith("/connect/authorize"));
        var after = await app.ReadUserAsync(employee.Id);
        Assert.That(after.PasswordHash, Does.StartWith("$argon2id$v=19$m=64,t=1,p=1$"));
        Assert.That(after.PasswordHash, Is.Not.EqualTo(legacy));
        Assert.That(after.SecurityStamp, Is.EqualTo(before.SecurityStamp), "the same password: other sessions go on");
        Assert.That(after.PasswordChangedAt, Is.EqualTo(before.PasswordChangedAt), "not a password change");

        var again = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the new hash verifies");
        Assert.That((await app.ReadUserAsync(employee.Id)).PasswordHash, Is.EqualTo(after.PasswordHash), "and needs no second rehash");
    }

    [Test]
    public async Task AWrongPassword_OnAPbkdf2Account_Fails_AndLeavesTheHashAsItWas()
    {
        var employee = await app.CreateEmployeeAsync();
        var legacy = await StoreHashAsync(employee, Pbkdf2Hash(employee.Password));

        var response = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Horse1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadHtmlAsync()).Text("[role=alert] .alert-title"), Is.EqualTo(Invalid));
        Assert.That((await app.ReadUserAsync(employee.Id)).PasswordHash, Is.EqualTo(legacy));
    }

    [Test]
    public async Task AnArgon2idHashWithOtherCosts_IsStoredWithTheConfiguredCosts_AtSignIn()
    {
        var employee = await app.CreateEmployeeAsync();
        await StoreHashAsync(employee, new Argon2idPasswordHasher(new Argon2Cost(32, 2, 1)).HashPassword(new HarmonyUser(), employee.Password));

        var response = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await app.ReadUserAsync(employee.Id)).PasswordHash, Does.StartWith("$argon2id$v=19$m=64,t=1,p=1$"));
    }

    [Test]
    public async Task PasswordHistory_StillKnowsAPasswordWhoseEntryIsAPbkdf2Hash()
    {
        var employee = await app.CreateEmployeeAsync();
        var legacy = Pbkdf2Hash("Older#Horse1");

        var (older, other) = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var history = services.GetRequiredService<PasswordHistory>();
            var user = await db.Users.SingleAsync(u => u.Id == employee.Id);
            db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = legacy, CreatedAt = app.Time.GetUtcNow() });
            await db.SaveChangesAsync();
            return (await history.WasUsedRecentlyAsync(user, "Older#Horse1"), await history.WasUsedRecentlyAsync(user, "Other#Horse1"));
        });

        Assert.That(older, Is.True);
        Assert.That(other, Is.False);
    }

    /// <summary>What Identity stored before Argon2id: its V3 format, PBKDF2 with the test's iteration count.</summary>
    internal static string Pbkdf2Hash(string password) =>
        new PasswordHasher<HarmonyUser>(Options.Create(new PasswordHasherOptions { IterationCount = 1000 })).HashPassword(new HarmonyUser(), password);

    internal static Task<string> StoreHashAsync(HarmonyAppFactory app, TestEmployee employee, string hash) => app.WithServicesAsync(async services =>
    {
        await services.GetRequiredService<HarmonyDbContext>().Users.Where(u => u.Id == employee.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash));
        return hash;
    });

    private Task<string> StoreHashAsync(TestEmployee employee, string hash) => StoreHashAsync(app, employee, hash);
}

/// <summary>
/// With <c>Harmony:Passwords:Algorithm=Pbkdf2</c> (installations bound to FIPS-approved algorithms): new passwords are
/// Identity's PBKDF2, and an Argon2id hash moves to PBKDF2 at the next sign-in.
/// </summary>
public sealed class Pbkdf2PasswordHashTests : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Harmony:Passwords:Algorithm"] = "Pbkdf2",
    };

    [Test]
    public async Task ANewPassword_IsStoredAsPbkdf2_AndTheUnknownIdCheckHashesTheSameWay()
    {
        var employee = await app.CreateEmployeeAsync();

        Assert.That(IsIdentityV3((await app.ReadUserAsync(employee.Id)).PasswordHash!), Is.True);
        Assert.That(IsIdentityV3(app.Services.GetRequiredService<UnknownUserTiming>().DummyHash), Is.True);
    }

    [Test]
    public async Task AnArgon2idAccount_SignsIn_AndIsStoredAsPbkdf2Afterwards()
    {
        var employee = await app.CreateEmployeeAsync();
        var argon2id = new Argon2idPasswordHasher(new Argon2Cost(64, 1, 1)).HashPassword(new HarmonyUser(), employee.Password);
        await PasswordHashMigrationTests.StoreHashAsync(app, employee, argon2id);

        var wrong = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Horse1");
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await app.ReadUserAsync(employee.Id)).PasswordHash, Is.EqualTo(argon2id), "a wrong password changes nothing");

        var response = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(IsIdentityV3((await app.ReadUserAsync(employee.Id)).PasswordHash!), Is.True);
    }

    private static bool IsIdentityV3(string hash) => !hash.StartsWith('$') && Convert.FromBase64String(hash)[0] == 0x01;
}
