using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Harmony.Identity.Web;

/// <summary>
/// Refuses a Host header that cannot be decoded (e.g. <c>xn--zz</c>): Kestrel lets it through, but reading
/// <c>Request.Host</c> as a URL throws (redirect URIs, OpenIddict's issuer, the error page). Answered first, in plain
/// text, because even the error page would need the host.
/// </summary>
public static class UnreadableHostGuard
{
    public static IApplicationBuilder UseUnreadableHostGuard(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HasUsableHost(context.Request)) return next(context);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Bad Request: the Host header is not a valid host name.");
    });

    private static bool HasUsableHost(HttpRequest request)
    {
        try
        {
            // Reading the host decodes it (punycode), which is what throws.
            _ = request.Host.ToUriComponent();
            return true;
        }
        catch (ArgumentException)
        {
            return false; // not a valid IDN name
        }
    }
}
