namespace Harmony.Identity.Tests.Hosting;

/// <summary>What every answer of the server on Kestrel says about itself, over a real socket.</summary>
public sealed class ResponseHeaderTests : KestrelFixture
{
    [TestCase("/account/login")]
    [TestCase("/.well-known/openid-configuration")]
    [TestCase("/no-such-page")]
    public async Task Answers_DoNotNameTheWebServer(string path)
    {
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        var response = await client.GetAsync(path);

        Assert.That(response.Headers.Server, Is.Empty, string.Join(", ", response.Headers.Server));
        Assert.That(response.Headers.Contains("X-Frame-Options"), Is.True, "the other security headers are still there");
    }
}
