using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The production topology started by <c>deploy/local-cluster.sh</c> (PostgreSQL, two identity-server nodes in the
/// Production environment, HAProxy terminating TLS), driven from the tests only through that script and over HTTPS.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>The public client and the service client the script configures on both nodes.</summary>
    public const string AppClientId = "local-cluster-app";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(8);

    private readonly string folder;
    private readonly X509Certificate2 tlsCertificate;
    private IReadOnlyDictionary<string, string> state;

    private LocalCluster(string folder, Uri issuer, IReadOnlyDictionary<string, string> state)
    {
        this.folder = folder;
        this.state = state;
        Issuer = issuer;
        tlsCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "certs", "tls.crt"));
    }

    /// <summary>When <c>up</c> returned: both nodes ready and the balancer answering.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>What the script printed on its last line: the balancer's https issuer.</summary>
    public Uri Issuer { get; }

    /// <summary>The pickup folder both nodes write their emails to.</summary>
    public string MailFolder => state["MAIL_DIR"];

    public string NodeLog(int node) => Path.Combine(folder, $"node{node}", "node.log");

    /// <summary>
    /// Runs <c>local-cluster.sh up</c> into a fresh folder, with <paramref name="nodeSettings"/> added to both nodes, and
    /// reads the issuer from its last line.
    /// </summary>
    public static async Task<LocalCluster> UpAsync(params string[] nodeSettings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "harmony-cluster-tests", Guid.NewGuid().ToString("N")[..8]);
        string output;
        try
        {
            output = await RunAsync(folder, ["up"], string.Join('\n', nodeSettings));
        }
        catch
        {
            // Whatever it had started (the database, a node) stops with it, and its folder goes.
            await RunAsync(folder, ["down"]);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            throw;
        }
        var last = output.TrimEnd().Split('\n').Last();
        Assert.That(last, Does.Match(@"^issuer=https://127\.0\.0\.1:\d+/$"), "the script's last line names the https issuer");
        var cluster = new LocalCluster(folder, new Uri(last["issuer=".Length..]), await StatusAsync(folder));
        return cluster;
    }

    public async Task KillNodeAsync(int node)
    {
        await RunAsync(folder, ["kill-node", node.ToString(CultureInfo.InvariantCulture)]);
        state = await StatusAsync(folder);
    }

    public async Task StartNodeAsync(int node)
    {
        await RunAsync(folder, ["start-node", node.ToString(CultureInfo.InvariantCulture)]);
        state = await StatusAsync(folder);
    }

    /// <summary>
    /// A browser on the balancer: its own cookies, no automatic redirects, and only the cluster's own TLS certificate
    /// trusted. <see cref="NodePin.Node"/> asks the balancer for one node (the test-only <c>X-Harmony-Node</c> header).
    /// </summary>
    public (HttpClient Browser, NodePin Pin) Browser()
    {
        var pin = new NodePin
        {
            InnerHandler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                CookieContainer = new CookieContainer(),
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.RawDataMemory.Span.SequenceEqual(tlsCertificate.RawDataMemory.Span),
            },
        };
        return (new HttpClient(pin) { BaseAddress = Issuer, Timeout = TimeSpan.FromSeconds(60) }, pin);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(folder, ["down"]);
        }
        finally
        {
            tlsCertificate.Dispose();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> StatusAsync(string folder) =>
        (await RunAsync(folder, ["status"]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    private static async Task<string> RunAsync(string folder, string[] arguments, string nodeSettings = "")
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "deploy", "local-cluster.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        start.Environment["HARMONY_CLUSTER_DIR"] = folder;
        start.Environment["HARMONY_CLUSTER_NODE_SETTINGS"] = nodeSettings;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"local-cluster.sh {string.Join(' ', arguments)} took longer than {ScriptTimeout}:\n{await stderr}");
        }
        if (process.ExitCode != 0)
        {
            throw new AssertionException($"local-cluster.sh {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stderr}");
        }
        TestContext.Progress.Write(await stderr);
        return await stdout;
    }
}

/// <summary>Sends the request to one node through the balancer, or lets the balancer choose (null).</summary>
public sealed class NodePin : DelegatingHandler
{
    public int? Node { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("X-Harmony-Node");
        if (Node is { } node) request.Headers.Add("X-Harmony-Node", node.ToString(CultureInfo.InvariantCulture));
        return base.SendAsync(request, cancellationToken);
    }
}
