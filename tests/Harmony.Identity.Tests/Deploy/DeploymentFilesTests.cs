using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;

namespace Harmony.Identity.Tests.Deploy;

/// <summary>
/// What can be checked of the container files without a container engine: each Dockerfile copies every project its
/// app builds from, HAProxy accepts the containers' configuration, and the compose files' settings pass both apps'
/// production checks.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    [TestCase("Dockerfile.identity-server", "src/IdentityServer/Harmony.Identity.Server.csproj")]
    [TestCase("Dockerfile.admin", "src/Admin/Harmony.Identity.Admin.csproj")]
    public void TheDockerfile_CopiesEveryProjectTheAppBuildsFrom_BeforeRestoring(string dockerfile, string project)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "deploy", dockerfile));
        var copied = CopySource().Matches(text).SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        var restoreAt = text.IndexOf("RUN dotnet restore", StringComparison.Ordinal);

        foreach (var needed in ProjectClosure(project).Concat(["global.json", "Directory.Build.props", "Directory.Packages.props"]))
        {
            Assert.That(copied, Does.Contain(needed), $"{dockerfile} copies {needed}");
            Assert.That(text.IndexOf($" {needed}", StringComparison.Ordinal), Is.LessThan(restoreAt), $"{needed} is copied before the restore");
        }
        Assert.That(text, Does.Contain("USER $APP_UID"), "the app runs as the image's non-root user");
        Assert.That(text, Does.Contain("HEALTHCHECK").And.Contain("/health/ready"));
    }

    [Test]
    public async Task HAProxy_AcceptsTheContainersConfiguration()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harmony-deploy-tests", Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await RunAsync("bash", Path.Combine(Repository.Root, "deploy", "make-certificates.sh"), folder);
            var configuration = Path.Combine(folder, "haproxy.cfg");
            await File.WriteAllTextAsync(configuration, (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "haproxy", "haproxy.cfg")))
                .Replace("/certs/tls.pem", Path.Combine(folder, "tls.pem"), StringComparison.Ordinal));

            var (exitCode, output) = await RunAsync("haproxy", "-c", "-f", configuration);

            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("Configuration file is valid"));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The compose files' settings for the identity server's nodes and the admin site, over each app's appsettings.json as
    /// the containers read them, with example values for the variables: neither production check refuses them, and the
    /// admin site's public URL is the one the server registers it with and links to.
    /// </summary>
    [TestCase("compose.postgres.yml")]
    [TestCase("compose.sqlserver.yml")]
    public void TheComposeFile_GivesBothSitesSettingsTheirProductionChecksAccept_AndOneAdminUrl(string file)
    {
        var examples = new Dictionary<string, string>
        {
            ["HARMONY_PUBLIC_URL"] = "https://id.example.test/",
            ["HARMONY_ADMIN_URL"] = "https://admin.example.test:8443/",
            ["HARMONY_ADMIN_CLIENT_SECRET"] = new string('s', 44),
            ["SENDGRID_API_KEY"] = "SG.example",
        };
        var text = File.ReadAllText(Path.Combine(Repository.Root, "deploy", file));
        var settings = EnvironmentSetting().Matches(text).Select(m => KeyValuePair.Create(
            m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal),
            (string?)ComposeVariable().Replace(m.Groups["value"].Value.Trim().Trim('"'), v => examples.GetValueOrDefault(v.Groups["name"].Value, "")))).ToList();
        IConfiguration Of(string app) => new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Repository.Root, "src", app, "appsettings.json"))
            .AddInMemoryCollection(settings)
            .Build();
        var server = Of("IdentityServer");
        var admin = Of("Admin");

        Assert.Multiple(() =>
        {
            Assert.That(Server.Hosting.ProductionSafety.Found(server), Is.Empty, "the identity server's production check");
            Assert.That(Harmony.Identity.Admin.Hosting.ProductionSafety.Found(admin), Is.Empty, "the admin site's production check");
            Assert.That(admin["Admin:PublicBaseUrl"], Is.EqualTo(examples["HARMONY_ADMIN_URL"]));
            Assert.That(server["Harmony:Email:AdminSiteUrl"], Is.EqualTo(admin["Admin:PublicBaseUrl"]), "the emails' link to the admin site");
            Assert.That(server["Harmony:Clients:0:RedirectUris:0"], Is.EqualTo(admin["Admin:PublicBaseUrl"] + "signin-oidc"));
            Assert.That(server["Harmony:Clients:0:PostLogoutRedirectUris:0"], Is.EqualTo(admin["Admin:PublicBaseUrl"] + "signout-callback-oidc"));
        });
    }

    /// <summary>The project and every project it references, transitively, as paths from the repository root.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Repository.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }
        return seen;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^COPY (?!--from)(?<sources>.+?) \S+$", RegexOptions.Multiline)]
    private static partial Regex CopySource();

    [GeneratedRegex(@"^\s+(?<key>(?:Harmony|Admin)__[A-Za-z0-9_]+):[ \t]*(?<value>[^\r\n]*)$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentSetting();

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)[^}]*\}")]
    private static partial Regex ComposeVariable();
}
