using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Tests.Robustness;

/// <summary>
/// Thousands of seeded malformed requests over real sockets to the server on Kestrel (one server for the fixture).
/// Every answer must be a non-5xx answer, under the size limits an answer at all (no reset), never echo the case's
/// marker unescaped, and never redirect to a foreign origin. A failure lists the seed and cases to replay.
/// </summary>
[Category("Robustness")]
public sealed class MalformedRequestTests : KestrelFixture
{
    /// <summary>The seed of CI's run; a failing case it finds stays found until fixed.</summary>
    private const int CiSeed = 20261127;

    private MalformedRequestGenerator generator = null!;
    private FuzzSettings settings = null!;
    private readonly ServerErrorLog serverLog = new();

    /// <summary>Thousands of hostile requests, and a listener on the server's log: a server of its own.</summary>
    protected override bool OwnServer => true;

    [OneTimeSetUp]
    public async Task ListenAndGenerateAsync()
    {
        server.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(serverLog);
        settings = FuzzSettings.FromEnvironment(CiSeed, defaultCases: 1000);
        generator = new MalformedRequestGenerator(settings.Seed, server.BaseUrl.Authority, await FuzzCredentials.FetchAsync(server.BaseUrl));
    }

    [Test]
    public Task MalformedRequests_OnProtocolEndpoints_NeverGet5xxResetReflectionOrForeignRedirect() => RunAsync(FuzzArea.Protocol, ciCases: 1500);

    [Test]
    public Task MalformedRequests_OnPagesFormsAndWebhook_NeverGet5xxResetReflectionOrForeignRedirect() => RunAsync(FuzzArea.Pages, ciCases: 1200);

    [Test]
    public Task MalformedRequests_OnAdminApi_NeverGet5xxResetReflectionOrForeignRedirect() => RunAsync(FuzzArea.AdminApi, ciCases: 800);

    private async Task RunAsync(FuzzArea area, int ciCases)
    {
        var run = Environment.GetEnvironmentVariable("HARMONY_FUZZ_CASES") is null ? settings with { Cases = ciCases } : settings;
        var report = await FuzzRunner.RunAsync(generator, area, run.Indices, server.BaseUrl, serverLog, run.Budget, parallelism: run.Only is null ? 4 : 1);
        TestContext.Progress.WriteLine(report.Summary());
        if (run.Only is not null) TestContext.Progress.WriteLine(Replay(report));

        Assert.That(report.Failures, Is.Empty, report.Describe());
        if (!run.BudgetChosen) Assert.That(report.Outcomes, Has.Count.EqualTo(run.Indices.Count), "CI's run must finish within its budget: " + report.Summary());
    }

    /// <summary>The whole exchange of each replayed case, request head first.</summary>
    private static string Replay(FuzzReport report)
    {
        var text = new StringBuilder();
        foreach (var outcome in report.Outcomes.OrderBy(o => o.Case.Index))
        {
            var request = Encoding.Latin1.GetString(outcome.Case.Bytes, 0, Math.Min(outcome.Case.Bytes.Length, 2000));
            text.AppendLine($"=== {outcome.Case}").AppendLine(request).AppendLine($"--- {outcome.Response}");
            foreach (var entry in outcome.ServerLog) text.AppendLine("server log: " + entry);
            foreach (var (name, value) in outcome.Response.Headers) text.AppendLine($"{name}: {value}");
            text.AppendLine().AppendLine(outcome.Response.Body.Length > 3000 ? outcome.Response.Body[..3000] : outcome.Response.Body);
        }
        return text.ToString();
    }
}
