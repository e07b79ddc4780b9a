namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// One piece of the work a node does before it serves: apply migrations, create the roles, synchronize the clients
/// of configuration, seed the demo data. Each is idempotent, so any number of nodes may start at once.
/// </summary>
public interface IStartupStep
{
    /// <summary>Steps run in ascending order; see <see cref="StartupOrder"/>.</summary>
    int Order { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>The order of the start-up steps, in one place rather than in the order services happen to be registered.</summary>
public static class StartupOrder
{
    public const int Migrate = 0;
    public const int Roles = 10;
    public const int Clients = 20;
    public const int DemoData = 30;
}

/// <summary>
/// Runs every <see cref="IStartupStep"/> in order. It is the first hosted service, so that nothing else that starts
/// with the host (the job scheduler, the data-protection key ring) reads the database before it is migrated.
/// </summary>
public sealed class StartupSequence(IEnumerable<IStartupStep> steps) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var step in steps.OrderBy(s => s.Order)) await step.RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StartupSequenceExtensions
{
    /// <summary>Registers the sequence; call it before anything else registers a hosted service.</summary>
    public static IHostApplicationBuilder AddHarmonyStartup(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StartupSequence>();
        // The sequence's first step, whatever the database.
        builder.Services.AddStartupStep<DatabaseMigrator>();
        return builder;
    }

    public static IServiceCollection AddStartupStep<TStep>(this IServiceCollection services) where TStep : class, IStartupStep =>
        services.AddSingleton<IStartupStep, TStep>();
}
