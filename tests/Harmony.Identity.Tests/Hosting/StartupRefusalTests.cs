namespace Harmony.Identity.Tests.Hosting;

/// <summary>
/// A misconfigured server refuses to start, and says which setting is wrong, instead of failing later in front of a
/// person (or an attacker). Each case is one start of the real server with its settings changed: a setting that is
/// wrong by itself, settings that do not go together, or a developer's settings in production (issue 10, item 5).
/// </summary>
public sealed class StartupRefusalTests
{
    private static IEnumerable<TestCaseData> Misconfigurations()
    {
        // Names the switch, which says how to start anyway, and every unsafe setting, as one message.
        yield return Case("production with a developer's settings", typeof(InvalidOperationException),
            ["Harmony:AllowUnsafeProduction=true", .. ProductionSafetyTests.UnsafeSettingNames],
            ("environment", "Production"), ("Harmony:AllowUnsafeProduction", "false"), ("Harmony:DemoData:Enabled", "true"));
        foreach (var (key, value, message) in new[]
                 {
                     ("Harmony:Server:AccessTokenLifetime", "00:00:00", "Harmony:Server:AccessTokenLifetime must be a positive duration."),
                     ("Harmony:Server:Issuer", "ftp://id.example.test/", "Harmony:Server:Issuer must be an absolute http(s) URL."),
                     ("Harmony:ForwardedHeaders:KnownProxies:0", "10.0.0.300", "Harmony:ForwardedHeaders:KnownProxies:0 ('10.0.0.300') is not an IP address."),
                     ("Harmony:ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "Harmony:ForwardedHeaders:KnownNetworks:0 ('10.0.0.0') is not a network"),
                     ("Harmony:CompanyDefaults:Policy:LockoutThreshold", "0", "Harmony:CompanyDefaults:Policy:LockoutThreshold must be at least 1."),
                     ("Harmony:Passwords:HashIterations", "0", "Harmony:Passwords:HashIterations must be at least 1."),
                     ("Harmony:Passwords:Argon2MemoryKiB", "4", "Harmony:Passwords:Argon2MemoryKiB must be between 8 and 1048576 (KiB)."),
                     ("Harmony:Passwords:Argon2Iterations", "0", "Harmony:Passwords:Argon2Iterations must be between 1 and 100."),
                     ("Harmony:Passwords:Argon2Parallelism", "4", "Harmony:Passwords:Argon2Parallelism must be 1"),
                     ("Harmony:Telemetry:OtlpEndpoint", "collector:4317", "Harmony:Telemetry:OtlpEndpoint must be an absolute http(s) URL."),
                     ("Harmony:Health:DrainDelay", "-00:00:01", "Harmony:Health:DrainDelay must not be negative."),
                     ("Harmony:Operators:CompanyCode", "Harmony Support", "Harmony:Operators:CompanyCode must be a company code"),
                 })
        {
            yield return Case($"{key}={value}", typeof(Microsoft.Extensions.Options.OptionsValidationException), [message], (key, value));
        }
        foreach (var (key, value) in new[] { ("Harmony:Jobs:Clustered", "true"), ("Harmony:Jobs:Store", "Persistent") })
        {
            yield return Case($"clustered jobs on SQLite ({key}={value})", "Harmony:Jobs:Clustered needs a server database: Database:Provider is Sqlite",
                ("Harmony:Jobs:Enabled", "true"), (key, value));
        }
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

    /// <summary>
    /// Where a case names the exception, the start throws exactly that one and its message names each setting; otherwise
    /// what was thrown names it, wrapped or not (a start-up step's failure may arrive inside the host's).
    /// </summary>
    [TestCaseSource(nameof(Misconfigurations))]
    public void TheServer_RefusesToStart_NamingTheSetting(Dictionary<string, string?> settings, Type? exception, string[] named)
    {
        var error = TestServer.RefusalOf(settings);

        if (exception is not null) Assert.That(error, Is.TypeOf(exception));
        var said = exception is null ? error.ToString() : error.Message;
        foreach (var name in named) Assert.That(said, Does.Contain(name));
    }

    private static TestCaseData Case(string what, string named, params (string Key, string Value)[] settings) =>
        Case(what, null, [named], settings);

    private static TestCaseData Case(string what, Type? exception, string[] named, params (string Key, string Value)[] settings) =>
        new TestCaseData(settings.ToDictionary(s => s.Key, s => (string?)s.Value), exception, named).SetArgDisplayNames(what);
}
