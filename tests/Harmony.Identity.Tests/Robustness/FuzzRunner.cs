using System.Collections.Concurrent;
using System.Diagnostics;

namespace Harmony.Identity.Tests.Robustness;

/// <summary>A case, what came back, and which rules that answer broke.</summary>
public sealed record FuzzOutcome(FuzzCase Case, RawResponse Response, IReadOnlyList<string> Broken)
{
    /// <summary>What the server logged while this case ran; only known when cases run one at a time.</summary>
    public IReadOnlyList<string> ServerLog { get; init; } = [];
}

/// <summary>What a run did: how many cases, how long, the statuses seen, and every case that broke a rule.</summary>
public sealed class FuzzReport(FuzzArea area, int seed, IReadOnlyList<FuzzOutcome> outcomes, int planned, TimeSpan elapsed, IReadOnlyList<string> serverLog)
{
    /// <summary>The server's errors during the run, grouped, most frequent first.</summary>
    public IReadOnlyList<string> LoggedCauses { get; } = serverLog.GroupBy(e => e).OrderByDescending(g => g.Count()).Select(g => $"{g.Count(),5} x {g.Key}").ToList();

    public IReadOnlyList<FuzzOutcome> Outcomes { get; } = outcomes;

    public IReadOnlyList<FuzzOutcome> Failures { get; } = outcomes.Where(o => o.Broken.Count > 0).OrderBy(o => o.Case.Index).ToList();

    public int ServerErrors => Outcomes.Count(o => o.Response.Status >= 500);

    public string Summary()
    {
        var statuses = Outcomes.GroupBy(o => o.Response.End == ExchangeEnd.Answered ? o.Response.Status.ToString() : o.Response.End.ToString())
            .OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        return $"{area}, seed {seed}: {Outcomes.Count} of {planned} cases in {elapsed.TotalSeconds:0.0} s " +
               $"({Outcomes.Count / Math.Max(elapsed.TotalSeconds, 0.001):0} req/s); {Failures.Count} broke a rule, {ServerErrors} got 5xx; " +
               $"statuses {string.Join(", ", statuses)}";
    }

    /// <summary>The assertion message: the seed and each failing case, so that any of them can be replayed.</summary>
    public string Describe(int max = 30)
    {
        var text = new StringBuilder(Summary()).AppendLine();
        text.AppendLine($"Replay: HARMONY_FUZZ_SEED={seed} HARMONY_FUZZ_ONLY=<case> dotnet test ... (see bench/README.md)");
        if (LoggedCauses.Count > 0) text.AppendLine("The server logged:").AppendJoin(Environment.NewLine, LoggedCauses.Take(max)).AppendLine();
        text.AppendLine("Failing mutations:");
        foreach (var group in Failures.GroupBy(f => f.Case.Mutation).OrderByDescending(g => g.Count()).Take(max))
        {
            text.AppendLine($"  {group.Count(),4} x {group.Key}");
        }
        foreach (var failure in Failures.Take(max))
        {
            text.AppendLine($"  {failure.Case} -> {failure.Response}: {string.Join("; ", failure.Broken.Concat(failure.ServerLog))}");
        }
        return text.ToString();
    }
}

/// <summary>Runs generated cases against a server over real sockets, a few at a time, within a time budget.</summary>
public static class FuzzRunner
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs <paramref name="indices"/>; with <paramref name="parallelism"/> 1 each outcome also carries what the server
    /// logged meanwhile.
    /// </summary>
    public static async Task<FuzzReport> RunAsync(MalformedRequestGenerator generator, FuzzArea area, IReadOnlyList<int> indices,
        Uri server, ServerErrorLog log, TimeSpan budget, int parallelism = 4, params Uri[] trustedOrigins)
    {
        var logged = log.Count;
        var endpoint = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(budget);
        try
        {
            await Parallel.ForEachAsync(indices, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = stop.Token },
                async (index, _) =>
                {
                    var fuzzCase = generator.Create(area, index);
                    var before = log.Count;
                    var response = await RawHttp.SendAsync(endpoint, fuzzCase.Bytes, RequestTimeout);
                    outcomes.Add(new FuzzOutcome(fuzzCase, response, ResponseRules.Broken(fuzzCase.Marker, fuzzCase.WithinLimits, response, [server, .. trustedOrigins]))
                    {
                        ServerLog = parallelism == 1 ? log.Since(before) : [],
                    });
                });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The budget ran out: the report says how many of the planned cases ran.
        }
        return new FuzzReport(area, generator.Seed, outcomes.ToList(), indices.Count, clock.Elapsed, log.Since(logged));
    }
}
