namespace Harmony.Identity.Admin.Hosting;

/// <summary>
/// Refuses a Host header that cannot be decoded (e.g. <c>xn--zz</c>): reading <c>Request.Host</c> throws for it, and
/// the sign-in challenge builds its redirect URI from the host. Plain text, because even the error page would read it.
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
            _ = request.Host.ToUriComponent();
            return true;
        }
        catch (ArgumentException)
        {
            return false; // not a valid IDN name
        }
    }
}
