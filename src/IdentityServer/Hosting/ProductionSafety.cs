using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// Outside Development the server refuses to start with settings meant for a developer's machine: the pickup-folder
/// sender, development keys, demo data, a loopback or plain-http public URL or issuer, plain-http protocol, or
/// unencrypted data-protection keys. <c>Harmony:AllowUnsafeProduction=true</c> starts it anyway (a test installation,
/// the tests themselves) and says so in the log at every start.
/// </summary>
public static partial class ProductionSafety
{
    public const string AllowUnsafeKey = "Harmony:AllowUnsafeProduction";
    public const string DataProtectionSection = "Harmony:DataProtection";

    public static IHostApplicationBuilder AddHarmonyProductionSafety(this IHostApplicationBuilder builder)
    {
        builder.AddKeyRingProtection(DataProtectionSection);
        if (builder.Environment.IsDevelopment()) return builder;

        var unsafeSettings = UnsafeSettings(builder.Configuration);
        if (unsafeSettings.Count == 0) return builder;
        if (!builder.Configuration.GetValue<bool>(AllowUnsafeKey))
        {
            throw new InvalidOperationException(
                $"Refusing to start in the {builder.Environment.EnvironmentName} environment with settings that are only safe in Development: " +
                string.Join(" ", unsafeSettings) +
                $" Fix them (see deploy/README.md), or set {AllowUnsafeKey}=true for an installation that is not production.");
        }
        builder.Services.AddHostedService(services => new UnsafeStartWarning(
            unsafeSettings, services.GetRequiredService<ILogger<UnsafeStartWarning>>()));
        return builder;
    }

    /// <summary>One sentence per unsafe setting, each naming it.</summary>
    public static List<string> UnsafeSettings(IConfiguration configuration)
    {
        T Section<T>(string name) where T : new() => configuration.GetSection(name).Get<T>() ?? new T();
        var email = Section<EmailOptions>(EmailOptions.Section);
        var keys = Section<KeyOptions>(KeyOptions.Section);
        var server = Section<ServerOptions>(ServerOptions.Section);
        var demo = Section<DemoDataOptions>(DemoDataOptions.Section);
        var keyRing = Section<KeyRingProtectionOptions>(DataProtectionSection);

        var found = new List<string>();
        if (email.Sender == EmailSenderKind.Pickup)
        {
            found.Add($"{EmailOptions.Section}:Sender is Pickup, which writes mail to a folder and never sends it.");
        }
        if (keys.UseDevelopmentKeys && keys.Signing.Count == 0)
        {
            found.Add($"{KeyOptions.Section}:UseDevelopmentKeys is true, and no certificates are configured.");
        }
        if (demo.Enabled) found.Add($"{DemoDataOptions.Section}:Enabled is true: demo accounts with published passwords.");
        if (!IsPublicHttps(email.PublicBaseUrl))
        {
            found.Add($"{EmailOptions.Section}:PublicBaseUrl ({email.PublicBaseUrl}) is not a public https URL.");
        }
        if (server.Issuer is null) found.Add($"{ServerOptions.Section}:Issuer is not set, so each request's host would name it.");
        else if (!IsPublicHttps(server.Issuer)) found.Add($"{ServerOptions.Section}:Issuer ({server.Issuer}) is not a public https URL.");
        if (server.AllowInsecureHttp) found.Add($"{ServerOptions.Section}:AllowInsecureHttp is true.");
        if (!keyRing.IsConfigured)
        {
            found.Add($"{DataProtectionSection}:CertificatePath is not set, so the data-protection keys are stored unencrypted.");
        }
        return found;
    }

    private static bool IsPublicHttps(Uri? url) => url is { IsAbsoluteUri: true, Scheme: "https", IsLoopback: false };

    private sealed partial class UnsafeStartWarning(IReadOnlyList<string> unsafeSettings, ILogger<UnsafeStartWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogUnsafe(logger, AllowUnsafeKey, string.Join(" ", unsafeSettings));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Switch}=true: starting with settings that are only safe in Development: {UnsafeSettings}")]
        private static partial void LogUnsafe(ILogger logger, string @switch, string unsafeSettings);
    }
}
