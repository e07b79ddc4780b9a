using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// The one source of absolute links (emails): the configured <c>Harmony:Email:PublicBaseUrl</c> and a route from
/// <see cref="Routes"/>. Never the request's <c>Host</c>, which a client chooses.
/// </summary>
public sealed class PublicUrls(IOptions<EmailOptions> options)
{
    public Uri Login => Of(Routes.Login);

    /// <param name="returnUrl">The app's request to go back to after the reset (a local URL), or null.</param>
    public Uri ResetPassword(string token, string? returnUrl = null) => Of(Routes.ResetPasswordWith(token, returnUrl));

    /// <param name="returnUrl">The app's request to go back to after the unlock (a local URL), or null.</param>
    public Uri Unlock(string token, string? returnUrl = null) => Of(Routes.UnlockWith(token, returnUrl));

    /// <summary>A page of the admin site (<c>Harmony:Email:AdminSiteUrl</c>), or null when that URL is not configured.</summary>
    public Uri? AdminSite(string route) => options.Value.AdminSiteUrl is { } admin ? Under(admin, route) : null;

    /// <summary>A route (with its query) under the public base URL, which may itself have a path.</summary>
    public Uri Of(string route) => Under(options.Value.PublicBaseUrl, route);

    private static Uri Under(Uri baseUrl, string route)
    {
        var root = baseUrl.AbsoluteUri;
        return new(new Uri(root.EndsWith('/') ? root : root + "/"), route.TrimStart('/'));
    }
}
