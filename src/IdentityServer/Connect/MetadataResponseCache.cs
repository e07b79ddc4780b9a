using System.Collections.Concurrent;

namespace Harmony.Identity.Server.Connect;

/// <summary>
/// Serves discovery and the JWKS from memory. OpenIddict rebuilds both documents on every request (re-encoding
/// each RSA key for the JWKS); their content only changes when the server restarts with other keys, so the first
/// answer per host is kept and replayed.
/// </summary>
public sealed class MetadataResponseCache(RequestDelegate next)
{
    private const int MaxEntries = 16;

    private static readonly PathString[] Paths = ["/.well-known/openid-configuration", "/.well-known/jwks"];

    private readonly ConcurrentDictionary<string, CachedDocument> documents = new(StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || request.QueryString.HasValue || !Paths.Contains(request.Path))
        {
            await next(context);
            return;
        }

        // Discovery names the issuer, which OpenIddict derives from the request's scheme and host.
        var key = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        if (documents.TryGetValue(key, out var cached))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = cached.ContentType;
            context.Response.ContentLength = cached.Body.Length;
            await context.Response.Body.WriteAsync(cached.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.ToArray();
        // A bounded number of hosts, so that made-up Host headers cannot grow the cache.
        if (context.Response.StatusCode == StatusCodes.Status200OK && documents.Count < MaxEntries)
        {
            documents.TryAdd(key, new CachedDocument(context.Response.ContentType ?? "application/json", body));
        }
        await original.WriteAsync(body, context.RequestAborted);
    }

    private sealed record CachedDocument(string ContentType, byte[] Body);
}
