namespace Harmony.Identity.Server.Features.Jobs;

/// <summary>Where Quartz keeps its schedule; <see cref="JobsOptions.Clustered"/> says the same in fewer words.</summary>
public enum JobStoreKind
{
    /// <summary>In each node's memory: every node runs every job; harmless because each job is idempotent and set-based.</summary>
    InMemory,

    /// <summary>Quartz's clustered ADO.NET store: the nodes share one schedule and each firing runs on one node only.</summary>
    Persistent,
}

/// <summary>The server databases the clustered store runs on.</summary>
public enum JobStoreProvider
{
    SqlServer,
    PostgreSql,
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

    /// <summary>
    /// Share one schedule between the nodes, so that each firing runs on one node only: Quartz's clustered store in the
    /// server database (<c>Database</c>), whose tables the migrations create. Off: every node runs every job.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>The earlier way to say <see cref="Clustered"/> (<c>Store=Persistent</c>), still read.</summary>
    public JobStoreKind Store { get; set; } = JobStoreKind.InMemory;

    /// <summary>Database of the clustered store; by default the server's own (<c>Database:Provider</c>).</summary>
    public JobStoreProvider? Provider { get; set; }

    /// <summary>
    /// Connection string of the clustered store; by default <c>Database:ConnectionString</c>. Another database must have
    /// Quartz's tables already (the migrations create them only in the server's own).
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool IsClustered => Clustered || Store == JobStoreKind.Persistent;

    /// <summary>Where the clustered store is: these settings where given, else the server's database.</summary>
    public (JobStoreProvider? Provider, string? ConnectionString) ClusteredStore(DatabaseOptions database)
    {
        var own = database.Provider switch
        {
            DatabaseProvider.SqlServer => JobStoreProvider.SqlServer,
            DatabaseProvider.PostgreSql => JobStoreProvider.PostgreSql,
            _ => (JobStoreProvider?)null,
        };
        var provider = Provider ?? own;
        return (provider, ConnectionString ?? (provider is not null && provider == own ? database.ConnectionString : null));
    }
}

public sealed class JobsOptionsValidator(IOptions<DatabaseOptions> database) : IValidateOptions<JobsOptions>
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
        if (options.IsClustered)
        {
            var (provider, connectionString) = options.ClusteredStore(database.Value);
            if (provider is null)
            {
                failures.Add($"{JobsOptions.Section}:Clustered needs a server database: Database:Provider is {database.Value.Provider}; " +
                    $"set it to SqlServer or PostgreSql, or give {JobsOptions.Section}:Provider and {JobsOptions.Section}:ConnectionString.");
            }
            else if (string.IsNullOrWhiteSpace(connectionString))
            {
                failures.Add($"{JobsOptions.Section}:ConnectionString is required when {JobsOptions.Section}:Provider ({provider}) " +
                    "is not the server's own database.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
