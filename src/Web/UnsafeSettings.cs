using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Web;

/// <summary>
/// Outside Development a site refuses to start with settings meant for a developer's machine, unless
/// <c>…:AllowUnsafeProduction=true</c>, which starts it anyway and says so in the log at every start.
/// </summary>
public static partial class UnsafeSettings
{
    /// <param name="allowKey">the switch, e.g. <c>Harmony:AllowUnsafeProduction</c></param>
    /// <param name="found">one sentence per unsafe setting, each naming it</param>
    public static IHostApplicationBuilder RefuseOutsideDevelopment(this IHostApplicationBuilder builder, string allowKey, IReadOnlyList<string> found)
    {
        if (builder.Environment.IsDevelopment() || found.Count == 0) return builder;
        if (!builder.Configuration.GetValue<bool>(allowKey))
        {
            throw new InvalidOperationException(
                $"Refusing to start in the {builder.Environment.EnvironmentName} environment with settings that are only safe in Development: " +
                string.Join(" ", found) +
                $" Fix them (see deploy/README.md), or set {allowKey}=true for an installation that is not production.");
        }
        builder.Services.AddHostedService(services => new StartWarning(allowKey, found, services.GetRequiredService<ILoggerFactory>()));
        return builder;
    }

    /// <summary>Whether a configured URL is one the public reaches safely: absolute https, not loopback.</summary>
    public static bool IsPublicHttps(Uri? url) => url is { IsAbsoluteUri: true, Scheme: "https", IsLoopback: false };

    private sealed class StartWarning(string allowKey, IReadOnlyList<string> found, ILoggerFactory loggers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogUnsafe(loggers.CreateLogger(typeof(UnsafeSettings).FullName!), allowKey, string.Join(" ", found));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Switch}=true: starting with settings that are only safe in Development: {UnsafeSettings}")]
    private static partial void LogUnsafe(ILogger logger, string @switch, string unsafeSettings);
}
