namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Limits that keep hostile input from costing the server or the employee (section <c>Harmony:SignIn</c>);
/// see docs/decisions/0011-sign-in-and-second-factor-limits.md.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Harmony:SignIn";

    /// <summary>
    /// Password hashes computed at once on this node, by whatever asks (<see cref="HarmonyPasswordHasher"/>): one hash keeps
    /// one core busy, and an Argon2id hash also holds <c>Harmony:Passwords:Argon2MemoryKiB</c>, so hashing never takes
    /// more than this many × 19 MiB (by default) of memory.
    /// </summary>
    public int MaxConcurrentPasswordChecks { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Requests that may wait for a free hashing slot; more are refused at once. About what the slots clear within the
    /// timeout (a PBKDF2-SHA512-210k hash takes about 190 ms of a core: issue 11 measured 10.7 a second on two cores), so a morning rush queues instead of failing.
    /// </summary>
    public int PasswordCheckQueueLimit { get; set; } = 16 * Environment.ProcessorCount;

    /// <summary>
    /// Hashing slots and queue places one client address may hold at once once the queue is half full; by default a
    /// quarter of both, so that one address flooding the login form (random login IDs pass the per-ID limit) leaves
    /// room for everyone else, while an address that is alone (a company's proxy in a quiet hour) may use them all.
    /// </summary>
    public int? MaxPasswordChecksPerClient { get; set; }

    public int PasswordChecksPerClient =>
        MaxPasswordChecksPerClient ?? Math.Max(1, (MaxConcurrentPasswordChecks + PasswordCheckQueueLimit) / 4);

    /// <summary>How long a request waits for a hashing slot before the "busy" page.</summary>
    public TimeSpan PasswordCheckQueueTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The <c>Retry-After</c> of the "busy" page.</summary>
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sign-in attempts per login ID (known or not) and window on this node; more get "too many attempts" without a hash.</summary>
    public int AttemptsPerLoginId { get; set; } = 10;

    public TimeSpan AttemptsPerLoginIdWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Second-factor codes emailed to one account per rolling hour, counted in the outbox (all nodes).</summary>
    public int CodesPerHour { get; set; } = 5;

    /// <summary>Second-factor codes emailed to one account per rolling day.</summary>
    public int CodesPerDay { get; set; } = 10;
}

public sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConcurrentPasswordChecks < 1) failures.Add($"{SignInOptions.Section}:MaxConcurrentPasswordChecks must be at least 1.");
        if (options.MaxPasswordChecksPerClient < 1) failures.Add($"{SignInOptions.Section}:MaxPasswordChecksPerClient must be at least 1.");
        if (options.PasswordCheckQueueLimit < 0) failures.Add($"{SignInOptions.Section}:PasswordCheckQueueLimit must not be negative.");
        if (options.PasswordCheckQueueTimeout < TimeSpan.Zero) failures.Add($"{SignInOptions.Section}:PasswordCheckQueueTimeout must not be negative.");
        if (options.BusyRetryAfter < TimeSpan.FromSeconds(1)) failures.Add($"{SignInOptions.Section}:BusyRetryAfter must be at least one second.");
        if (options.AttemptsPerLoginId < 1) failures.Add($"{SignInOptions.Section}:AttemptsPerLoginId must be at least 1.");
        if (options.AttemptsPerLoginIdWindow <= TimeSpan.Zero) failures.Add($"{SignInOptions.Section}:AttemptsPerLoginIdWindow must be positive.");
        if (options.CodesPerHour < 1) failures.Add($"{SignInOptions.Section}:CodesPerHour must be at least 1.");
        if (options.CodesPerDay < options.CodesPerHour) failures.Add($"{SignInOptions.Section}:CodesPerDay must be at least CodesPerHour.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
