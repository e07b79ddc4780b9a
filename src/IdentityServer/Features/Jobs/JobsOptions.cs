namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>Where Quartz keeps its schedule.</summary>
public enum JobStoreKind
{
    /// <summary>In each node's memory: every node runs every job; harmless because each job is idempotent and set-based.</summary>
    InMemory,

    /// <summary>
    /// Quartz's clustered ADO.NET store: the nodes share one schedule and each firing runs on one node only.
    /// Quartz's own tables (<c>QRTZ_*</c>) must already exist, created with Quartz's script for the database.
    /// </summary>
    Persistent,
}

/// <summary>The databases the persistent store supports.</summary>
public enum JobStoreProvider
{
    SqlServer,
}

/// <summary>The scheduled jobs (section <c>Harmony:Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Harmony:Jobs";

    /// <summary>Run the scheduler in this process. Tests turn it off and call the jobs themselves.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan TemporaryCredentialExpiryInterval { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutReleaseInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan TokenPruningInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Invalid tokens and authorizations are kept this long after their creation before they are pruned.</summary>
    public TimeSpan TokenRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Failures against unknown login IDs that never locked are forgotten this long after the last one.</summary>
    public TimeSpan UnknownLoginFailureRetention { get; set; } = TimeSpan.FromHours(24);

    public JobStoreKind Store { get; set; } = JobStoreKind.InMemory;

    /// <summary>Database of the persistent store.</summary>
    public JobStoreProvider Provider { get; set; } = JobStoreProvider.SqlServer;

    /// <summary>
    /// Connection string of the persistent store; required when <see cref="Store"/> is <see cref="JobStoreKind.Persistent"/>.
    /// It may name the identity database itself, as long as Quartz's tables have been created there.
    /// </summary>
    public string? ConnectionString { get; set; }
}

public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero) failures.Add($"{JobsOptions.Section}:{key} must be a positive duration.");
        }

        Positive(options.TemporaryCredentialExpiryInterval, nameof(JobsOptions.TemporaryCredentialExpiryInterval));
        Positive(options.LockoutReleaseInterval, nameof(JobsOptions.LockoutReleaseInterval));
        Positive(options.TokenPruningInterval, nameof(JobsOptions.TokenPruningInterval));
        Positive(options.TokenRetention, nameof(JobsOptions.TokenRetention));
        Positive(options.UnknownLoginFailureRetention, nameof(JobsOptions.UnknownLoginFailureRetention));
        if (options.Store == JobStoreKind.Persistent && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{JobsOptions.Section}:ConnectionString is required when {JobsOptions.Section}:Store is Persistent.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
