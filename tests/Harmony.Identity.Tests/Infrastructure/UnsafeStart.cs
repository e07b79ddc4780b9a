using Harmony.Identity.Tests.Robustness;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>What either app says about a developer's settings outside Development: the refusal, or the warning under the switch.</summary>
public static class UnsafeStart
{
    /// <summary>The start fails with a message that names the switch and every setting.</summary>
    public static void AssertRefused(Func<object> start, string allowSwitch, IEnumerable<string> settings)
    {
        var error = Assert.Throws<InvalidOperationException>(() => start());
        Assert.That(error!.Message, Does.Contain($"{allowSwitch}=true"), "it says how to start anyway");
        foreach (var setting in settings) Assert.That(error.Message, Does.Contain(setting));
    }

    /// <summary>The log holds one warning that names the switch and every setting.</summary>
    public static void AssertWarned(ServerErrorLog log, string allowSwitch, IEnumerable<string> settings)
    {
        var warning = log.Entries.SingleOrDefault(e => e.Contains($"{allowSwitch}=true"));
        Assert.That(warning, Does.StartWith("Warning"));
        foreach (var setting in settings) Assert.That(warning, Does.Contain(setting));
    }
}
