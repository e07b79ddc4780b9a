namespace Harmony.Identity.Tests;

/// <summary>Around every fixture of the assembly (all live under this namespace): stops the shared servers at the end.</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopSharedServersAsync() => SharedServers.StopAllAsync();
}
