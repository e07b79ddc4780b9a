using Harmony.Identity.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harmony.Identity.Tests.Robustness;

/// <summary>The guard excuses only failures to read the request; a genuine server failure must stay a 500.</summary>
[Category("Robustness")]
public sealed class MalformedRequestGuardTests
{
    [Test]
    public void IOExceptionThatDidNotComeFromTheRequestBody_StillReachesTheExceptionHandler()
    {
        var context = RequestWithBody(new MemoryStream("token=x"u8.ToArray()));
        var guard = new MalformedRequestGuard(_ => throw new IOException("The disk is full."), NullLogger<MalformedRequestGuard>.Instance);

        Assert.ThrowsAsync<IOException>(() => guard.InvokeAsync(context));
    }

    [Test]
    public void UnexpectedExceptionOfAnEndpoint_StillReachesTheExceptionHandler()
    {
        var context = RequestWithBody(new MemoryStream("token=x"u8.ToArray()));
        var guard = new MalformedRequestGuard(_ => throw new InvalidOperationException("The supplied URL is not local."), NullLogger<MalformedRequestGuard>.Instance);

        Assert.ThrowsAsync<InvalidOperationException>(() => guard.InvokeAsync(context));
    }

    [Test]
    public async Task IOExceptionFromReadingTheRequestBody_IsAnsweredWithInvalidRequest()
    {
        var context = RequestWithBody(new BrokenBody());
        var guard = new MalformedRequestGuard(async c => await new StreamReader(c.Request.Body).ReadToEndAsync(), NullLogger<MalformedRequestGuard>.Instance);

        await guard.InvokeAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status400BadRequest));
        var body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.That(body, Does.Contain("\"error\":\"invalid_request\""));
    }

    private static DefaultHttpContext RequestWithBody(Stream body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/connect/token";
        context.Request.ContentLength = 7;
        context.Request.Body = body;
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>A body whose framing breaks on the first read, as Kestrel's does for a bad chunk.</summary>
    private sealed class BrokenBody : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("Bad chunk size data.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new IOException("Bad chunk size data.");
    }
}
