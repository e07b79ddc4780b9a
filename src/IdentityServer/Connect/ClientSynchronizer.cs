using OpenIddict.Abstractions;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// Creates or updates, at start-up, every client declared in configuration. Idempotent: running it twice,
/// or on two nodes, leaves the same applications. Clients registered through the admin API are left alone.
/// </summary>
public sealed partial class ClientSynchronizer(
    IServiceScopeFactory scopes,
    IOptions<ClientsOptions> options,
    ILogger<ClientSynchronizer> logger) : Hosting.IStartupStep
{
    public int Order => Hosting.StartupOrder.Clients;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        foreach (var client in options.Value.Clients)
        {
            var descriptor = ClientDescriptors.ToDescriptor(client);
            var application = await manager.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (application is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
                LogClient(logger, client.ClientId, "created");
            }
            else
            {
                await manager.UpdateAsync(application, descriptor, cancellationToken);
                LogClient(logger, client.ClientId, "updated");
            }
        }
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientId} {Action} from configuration")]
    private static partial void LogClient(ILogger logger, string clientId, string action);
}
