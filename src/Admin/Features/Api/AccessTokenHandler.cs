using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>
/// Sends the signed-in admin's access token (already refreshed by the session cookie's validation) and the page's
/// language, so that the API's messages come back in the language the admin reads.
/// </summary>
public sealed class AccessTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && accessor.HttpContext is { } context)
        {
            var token = await context.GetTokenAsync("access_token");
            if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(Harmony.Identity.Contracts.SupportedCultures.Of()));
        return await base.SendAsync(request, cancellationToken);
    }
}
