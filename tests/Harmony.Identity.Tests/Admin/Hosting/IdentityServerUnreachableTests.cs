using Harmony.Identity.Admin.Hosting;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>Which failures the admin site's error page tells as "the sign-in service cannot be reached" (503), and which as unexpected (500).</summary>
public sealed class IdentityServerUnreachableTests
{
    private static IEnumerable<TestCaseData> Failures()
    {
        yield return new TestCaseData(new HttpRequestException("Connection refused"), 503).SetName("ARefusedConnection_Is503");
        yield return new TestCaseData(new TaskCanceledException("timed out", new TimeoutException()), 503).SetName("AnHttpClientTimeout_Is503");
        yield return new TestCaseData(new InvalidOperationException("IDX20803: Unable to obtain configuration from: 'http://127.0.0.1:9/'."), 503)
            .SetName("TheOidcHandlersMissingDiscoveryDocument_Is503");
        yield return new TestCaseData(new InvalidOperationException("outer", new HttpRequestException("inner")), 503)
            .SetName("AnUnreachableServerInsideAnotherException_Is503");
        yield return new TestCaseData(new TaskCanceledException("the client went away"), 500).SetName("ACancellationThatIsNoTimeout_Is500");
        yield return new TestCaseData(new InvalidOperationException("a bug"), 500).SetName("AnyOtherFailure_Is500");
    }

    [TestCaseSource(nameof(Failures))]
    public void TheStatus_OfAFailure(Exception failure, int status) =>
        Assert.That(IdentityServerUnreachable.StatusOf(failure), Is.EqualTo(status));
}
