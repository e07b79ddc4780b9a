namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// Internet Explorer (any MSIE or Trident user agent) gets a plain page naming the recommended environment
/// (FAQ Q9) instead of pages it would render blank. Back-channel endpoints that apps call are left alone.
/// </summary>
public static class UnsupportedBrowsers
{
    private const string PagePath = "/unsupported-browser";

    private static readonly PathString[] BackChannel =
        ["/.well-known", Routes.Token, Routes.Introspection, Routes.Revocation, Routes.UserInfo, "/api", "/webhooks", "/css", "/_content", Routes.Language];

    public static bool IsInternetExplorer(string? userAgent) =>
        !string.IsNullOrEmpty(userAgent) &&
        (userAgent.Contains("MSIE ", StringComparison.Ordinal) || userAgent.Contains("Trident/", StringComparison.Ordinal));

    public static IApplicationBuilder UseUnsupportedBrowserPage(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (IsInternetExplorer(request.Headers.UserAgent) && !BackChannel.Any(p => request.Path.StartsWithSegments(p)))
        {
            request.Path = PagePath;
            request.Method = HttpMethods.Get;
            request.QueryString = QueryString.Empty;
        }
        return next(context);
    });
}
