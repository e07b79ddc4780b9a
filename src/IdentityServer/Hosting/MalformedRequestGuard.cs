using System.Text.Json;
using Harmony.Identity.Server.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// Answers a request whose body cannot be read (a form over the form limits, NUL or broken percent-encoding in a form
/// value, NUL in a query value, a truncated multipart body, a charset .NET cannot decode, a content type that names a form but does not
/// parse, bad chunked framing, a Host no URL can hold) with a 4xx in the format of the part of the site it was sent to: an OAuth
/// <c>invalid_request</c> on the protocol endpoints, problem details on the APIs and webhooks, the localized error page
/// elsewhere. Forms are read once, up front, so that no endpoint, antiforgery check or token extraction trips over
/// them later; an endpoint that reads the body itself is only excused when reading the body is what failed. Every other
/// exception stays a 500.
/// </summary>
public sealed partial class MalformedRequestGuard(RequestDelegate next, ILogger<MalformedRequestGuard> logger)
{
    private const string ProtocolDescription = "The request is malformed: its body, content type or framing cannot be read.";
    private const string TooLargeDescription = "The request body is larger than this endpoint accepts.";

    private static readonly PathString[] ProtocolPaths = ["/connect", "/.well-known"];
    private static readonly PathString[] ApiPaths = ["/api", "/webhooks"];
    private static readonly JsonSerializerOptions ProblemOptions = new(JsonSerializerDefaults.Web);

    public async Task InvokeAsync(HttpContext context)
    {
        // The re-executed error page: this request was judged on the way in.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        var unreadable = UnusableHost(context.Request) ?? UnreadableQuery(context.Request) ?? UnreadableContentType(context.Request) ??
                         await ReadFormAsync(context);
        if (unreadable is null)
        {
            var body = WatchBody(context.Request);
            try
            {
                await next(context);
                return;
            }
            catch (IOException e) when (!context.Response.HasStarted && (e is BadHttpRequestException || body?.Failure == e))
            {
                // The endpoint read the body itself and the framing was broken (e.g. a chunk size that overflows).
                unreadable = e;
            }
        }

        var status = unreadable is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
        LogRefused(logger, context.Request.Method, context.Request.Path, status, unreadable.GetType().Name, unreadable.Message);
        // Whatever runs next (the re-executed error page) sees an empty form instead of the unreadable body.
        context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        await RefuseAsync(context, status);
    }

    /// <summary>A Host that Kestrel lets through but no URL can hold (e.g. port 99999): OpenIddict derives the issuer from it.</summary>
    private static Exception? UnusableHost(HttpRequest request) =>
        request.Host.HasValue && !Uri.TryCreate($"{request.Scheme}://{request.Host.Value}/", UriKind.Absolute, out _)
            ? new InvalidDataException("The Host header is not a valid authority.")
            : null;

    /// <summary>
    /// A NUL in a query value (<c>client_id=%00</c>): forms refuse it when they are read, but a query reaches OpenIddict's
    /// client lookup as it is, and PostgreSQL refuses the text with an exception (22021), which would be a 500.
    /// </summary>
    private static Exception? UnreadableQuery(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
        {
            if (key.Contains('\0') || values.Any(value => value?.Contains('\0') == true))
            {
                return new InvalidDataException("A query value contains a NUL character.");
            }
        }
        return null;
    }

    /// <summary>A content type that names a form but does not parse, or a charset that cannot be decoded.</summary>
    private static Exception? UnreadableContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (contentType is null) return null;
        var claimsForm = contentType.TrimStart().StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ||
                         contentType.TrimStart().StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        // E.g. "application/x-www-form-urlencoded;;": OpenIddict and the model binders would call ReadFormAsync and throw.
        if (claimsForm && !request.HasFormContentType) return new InvalidDataException("The Content-Type names a form but cannot be parsed.");

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.Charset.Length == 0) return null;
        try
        {
            // Forms fall back to UTF-8 for an unknown charset, but the JSON readers throw (a 500) instead.
            if (mediaType.Encoding is null && !claimsForm) return new InvalidDataException($"The charset '{mediaType.Charset}' is not supported.");
            return null;
        }
        catch (NotSupportedException e)
        {
            return e; // utf-7, which .NET refuses to decode
        }
    }

    /// <summary>Reads the form of a request that carries one; returns why it cannot be read, or null.</summary>
    private static async Task<Exception?> ReadFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasFormContentType) return null;

        // The endpoint's own body limit (e.g. the webhook's) applies to this read, as it would to the endpoint's.
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is not null && sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit.MaxRequestBodySize;

        try
        {
            await request.ReadFormAsync(context.RequestAborted);
            return null;
        }
        catch (InvalidDataException e)
        {
            return e; // over a form limit, NUL or invalid characters in a value, a malformed multipart section
        }
        catch (IOException e)
        {
            return e; // bad chunked framing, a body over the size limit, a multipart body that ends too soon
        }
        catch (NotSupportedException e)
        {
            return e; // a charset .NET refuses to decode
        }
    }

    /// <summary>Wraps a request body so that a failure to read it can be told from any other I/O failure.</summary>
    private static WatchedBody? WatchBody(HttpRequest request)
    {
        if (request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0) return null;
        var watched = new WatchedBody(request.Body);
        request.Body = watched;
        return watched;
    }

    private static async Task RefuseAsync(HttpContext context, int status)
    {
        var path = context.Request.Path;
        var response = context.Response;
        response.Clear();
        response.StatusCode = status;
        if (ProtocolPaths.Any(p => path.StartsWithSegments(p)))
        {
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            await response.WriteAsJsonAsync(new OAuthError("invalid_request",
                status == StatusCodes.Status413PayloadTooLarge ? TooLargeDescription : ProtocolDescription), OAuthError.Options);
        }
        else if (ApiPaths.Any(p => path.StartsWithSegments(p)))
        {
            var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            // Written directly, whatever the Accept header: through IProblemDetailsService the webhook's problem came out empty.
            var detail = text[status == StatusCodes.Status413PayloadTooLarge ? "Request.TooLarge" : "Request.Malformed"];
            var problem = new ProblemDetails { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = detail };
            await response.WriteAsJsonAsync(problem, ProblemOptions, "application/problem+json");
        }
        // Pages: an empty 4xx, which the status code pages turn into the localized error page.
    }

    private sealed record OAuthError(string Error, string ErrorDescription)
    {
        public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    }

    /// <summary>The request body, remembering the I/O failure that reading it raised.</summary>
    private sealed class WatchedBody(Stream inner) : Stream
    {
        public IOException? Failure { get; private set; }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException e)
            {
                Failure = e;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (IOException e)
            {
                Failure = e;
                throw;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a malformed {Method} {Path} with {Status}: {Reason}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string reason, string detail);
}
