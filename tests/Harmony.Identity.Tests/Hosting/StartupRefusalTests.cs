namespace Harmony.Identity.Tests.Hosting;

/// <summary>
/// A misconfigured server refuses to start, and says which setting is wrong, instead of failing later in front of a
/// person (or an attacker). Each case is one start of the real server with one setting changed.
/// </summary>
public sealed class StartupRefusalTests
{
    private static IEnumerable<TestCaseData> Misconfigurations()
    {
        yield return Case("a client with an unknown grant type", "Harmony:Clients:4: unknown grant type 'password'",
            ("Harmony:Clients:4:ClientId", "misconfigured"),
            ("Harmony:Clients:4:ClientSecret", "misconfigured-secret"),
            ("Harmony:Clients:4:GrantTypes:0", "password"));
        yield return Case("production keys without certificates", "Harmony:Keys:Signing:0:Path",
            ("Harmony:Keys:UseDevelopmentKeys", "false"));
        foreach (var provider in new[] { "SqlServer", "PostgreSql" })
        {
            yield return Case($"{provider} without a connection string", $"Database:ConnectionString is required when Database:Provider is {provider}.",
                ("Database:Provider", provider), ("Database:ConnectionString", ""));
        }
        yield return Case("SendGrid without an API key", "Harmony:Email:SendGrid:ApiKey is required",
            ("Harmony:Email:Sender", "SendGrid"));
        yield return Case("an unknown password hash algorithm", "Harmony:Passwords:Algorithm must be Argon2id or Pbkdf2 ('Md5' is neither).",
            ("Harmony:Passwords:Algorithm", "Md5"));
        yield return Case("no concurrent password checks", "MaxConcurrentPasswordChecks",
            ("Harmony:SignIn:MaxConcurrentPasswordChecks", "0"));
        yield return Case("no attempts per login ID", "AttemptsPerLoginId",
            ("Harmony:SignIn:AttemptsPerLoginId", "0"));
        yield return Case("fewer codes a day than an hour", "CodesPerDay",
            ("Harmony:SignIn:CodesPerDay", "1"));
    }

    [TestCaseSource(nameof(Misconfigurations))]
    public void TheServer_RefusesToStart_NamingTheSetting(Dictionary<string, string?> settings, string named)
    {
        using var app = new HarmonyAppFactory(settings);
        var error = Assert.Catch(() => _ = app.Services);
        Assert.That(error!.ToString(), Does.Contain(named));
    }

    private static TestCaseData Case(string what, string named, params (string Key, string Value)[] settings) =>
        new TestCaseData(settings.ToDictionary(s => s.Key, s => (string?)s.Value), named).SetArgDisplayNames(what);
}
