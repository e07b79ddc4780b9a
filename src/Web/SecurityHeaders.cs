using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Harmony.Identity.Web;

/// <summary>What differs between the two sites' security headers; the rest is the same on both.</summary>
public sealed record SecurityHeaderOptions
{
    /// <summary>The Content-Security-Policy's <c>script-src</c>: <c>'self'</c>, or <c>'none'</c> for a site with no script at all.</summary>
    public required string ScriptSource { get; init; }

    /// <summary>Answer HTML with <c>Cache-Control: no-store</c>, for pages that hold personal data.</summary>
    public bool NoStoreForPages { get; init; }
}

public static class SecurityHeaders
{
    /// <summary>No <c>Server: Kestrel</c> header: it tells an attacker the stack and helps no one else.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);

    /// <summary>Headers on every response: no framing, no sniffing, no inline script, a strict referrer policy.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, SecurityHeaderOptions options)
    {
        var contentSecurityPolicy =
            $"default-src 'self'; script-src {options.ScriptSource}; style-src 'self'; img-src 'self' data:; " +
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = contentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (options.NoStoreForPages &&
                    context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
