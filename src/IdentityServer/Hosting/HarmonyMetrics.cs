using System.Diagnostics.Metrics;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// The counters of the <see cref="Telemetry.MeterName"/> meter, each added to at the one place its event happens: the
/// password verdict (<c>SignInFlow</c>), a lock (<c>PasswordSignIn</c>), a refused code (<c>EmailSecondFactor</c>), a
/// finished message (<c>OutboxDispatchJob</c>) and a job run (<see cref="JobRunLog"/>). Tags are fixed words, never
/// a login ID or an address.
/// </summary>
public sealed class HarmonyMetrics
{
    private readonly Counter<long> signIns;
    private readonly Counter<long> lockouts;
    private readonly Counter<long> secondFactorFailures;
    private readonly Counter<long> emails;
    private readonly Counter<long> jobRuns;

    public HarmonyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Telemetry.MeterName);
        signIns = meter.CreateCounter<long>("harmony.sign_in.attempts", "{attempt}", "Login ID and password checks, by outcome");
        lockouts = meter.CreateCounter<long>("harmony.lockouts", "{lockout}", "Login IDs locked after too many wrong passwords, by kind (account, unknown_login_id)");
        secondFactorFailures = meter.CreateCounter<long>("harmony.second_factor.failures", "{failure}", "Email codes refused, by reason");
        emails = meter.CreateCounter<long>("harmony.emails", "{message}", "Outbox messages finished, by outcome (sent, failed, suppressed)");
        jobRuns = meter.CreateCounter<long>("harmony.job_runs", "{run}", "Scheduled job runs, by job and outcome");
    }

    public void SignIn(PasswordSignInStatus outcome) => signIns.Add(1, Tag("outcome", Word(outcome.ToString())));

    public void LockedOut(bool knownAccount) => lockouts.Add(1, Tag("kind", knownAccount ? "account" : "unknown_login_id"));

    public void SecondFactorFailed(string reason) => secondFactorFailures.Add(1, Tag("reason", Word(reason)));

    public void EmailFinished(Data.OutboxStatus outcome) => emails.Add(1, Tag("outcome", Word(outcome.ToString())));

    public void JobRun(string job, bool succeeded) =>
        jobRuns.Add(1, Tag("job", job), Tag("outcome", succeeded ? "succeeded" : "failed"));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    // The names come from closed sets (enum members, audit reason constants): each is converted once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Words = new(StringComparer.Ordinal);

    /// <summary><c>InvalidCredentials</c> → <c>invalid_credentials</c>, the convention of metric tags.</summary>
    private static string Word(string name) => Words.GetOrAdd(name, static name =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString())));
}
