using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Harmony.Identity.Tests.Deploy;

/// <summary>
/// What can be checked of the container files without a container engine: each Dockerfile copies every project its
/// app builds from, and HAProxy accepts the containers' configuration.
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
}
