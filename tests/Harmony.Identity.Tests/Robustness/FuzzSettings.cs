namespace Harmony.Identity.Tests.Robustness;

/// <summary>
/// How big a fuzz run is. CI uses the fixed defaults; <c>bench/fuzz.sh</c> sets <c>HARMONY_FUZZ_SEED</c>,
/// <c>HARMONY_FUZZ_CASES</c> (per area) and <c>HARMONY_FUZZ_MINUTES</c> (per area); <c>HARMONY_FUZZ_ONLY=17,42</c> replays cases.
/// </summary>
public sealed record FuzzSettings(int Seed, int Cases, TimeSpan Budget, bool BudgetChosen, IReadOnlyList<int>? Only)
{
    /// <summary>A long run may not ask for more than this per area.</summary>
    public const int MaxCases = 1_000_000;

    public static FuzzSettings FromEnvironment(int defaultSeed, int defaultCases)
    {
        var seed = Number("HARMONY_FUZZ_SEED") ?? defaultSeed;
        var cases = Math.Clamp(Number("HARMONY_FUZZ_CASES") ?? defaultCases, 1, MaxCases);
        var minutes = Number("HARMONY_FUZZ_MINUTES");
        var only = Environment.GetEnvironmentVariable("HARMONY_FUZZ_ONLY")?
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(i => int.Parse(i, CultureInfo.InvariantCulture))
            .ToList();
        return new FuzzSettings(seed, cases, TimeSpan.FromMinutes(Math.Clamp(minutes ?? 3, 1, 120)), minutes is not null, only);
    }

    public IReadOnlyList<int> Indices => Only ?? Enumerable.Range(0, Cases).ToList();

    private static int? Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
