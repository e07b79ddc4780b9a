using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Web;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// Host filtering (<see cref="PublicHostNames"/>): outside Development the server answers only for the hosts of
/// <c>Harmony:Email:PublicBaseUrl</c> and <c>Harmony:Server:Issuer</c>, plus any that <c>AllowedHosts</c> adds, so that a
/// forged <c>Host</c> header is refused (400) before any page or protocol handler can read it; and on those hosts only
/// the ports their public URLs name.
/// </summary>
public static class PublicHosts
{
    public static IHostApplicationBuilder AddHarmonyHostFiltering(this IHostApplicationBuilder builder) =>
        builder.AddPublicHostFiltering(PublicUrlsOf(builder.Configuration));

    /// <summary>
    /// After host filtering (which compares names only): a request for a public host name that names another port than
    /// its public URL's is refused (400), because discovery and the login redirect write the request's port into absolute
    /// URLs, and a shared cache could keep a document that names an attacker's port.
    /// </summary>
    public static IApplicationBuilder UsePublicPorts(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var environment = app.ApplicationServices.GetRequiredService<IHostEnvironment>();
        if (Of(configuration, environment) is null) return app;
        // Each public host name with the ports its public URLs name, worked out once.
        var ports = PublicUrlsOf(configuration)
            .GroupBy(url => url.IdnHost, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Select(url => url.Port).ToHashSet(), StringComparer.OrdinalIgnoreCase);
        return app.Use((context, next) =>
        {
            // Without a port the URLs name none either, and the scheme (from a trusted proxy) decides it. A port no URL
            // can hold is MalformedRequestGuard's, answered in the format of the area.
            var host = context.Request.Host;
            if (host.Port is not ({ } port and >= 1 and <= 65535) || !ports.TryGetValue(host.Host, out var allowed) || allowed.Contains(port))
            {
                return next(context);
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("Bad Request: this host is served on another port.");
        });
    }

    private static List<Uri> PublicUrlsOf(IConfiguration configuration)
    {
        var email = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        var server = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        return [.. new[] { email.PublicBaseUrl, server.Issuer }.Where(url => url is { IsAbsoluteUri: true }).Select(url => url!)];
    }

    /// <summary>The hosts to allow, or null for any host (Development, <c>AllowedHosts=*</c>, or none named).</summary>
    public static List<string>? Of(IConfiguration configuration, IHostEnvironment environment) =>
        PublicHostNames.Of(PublicUrlsOf(configuration), configuration, environment);
}
