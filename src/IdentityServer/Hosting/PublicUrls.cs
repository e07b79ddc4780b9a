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

    /// <summary>A route (with its query) under the public base URL, which may itself have a path.</summary>
    public Uri Of(string route)
    {
        var root = options.Value.PublicBaseUrl.AbsoluteUri;
        return new(new Uri(root.EndsWith('/') ? root : root + "/"), route.TrimStart('/'));
    }
}
