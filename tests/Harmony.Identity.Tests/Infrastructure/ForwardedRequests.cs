namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>Requests as a TLS load balancer forwards them, for the tests of either app behind one.</summary>
public static class ForwardedRequests
{
    /// <summary>
    /// The language switch, which sets a cookie on an anonymous GET, with <c>X-Forwarded-Proto</c> when given. Under a
    /// public host name, because HSTS is never sent for 127.0.0.1 or localhost.
    /// </summary>
    public static async Task<HttpResponseMessage> LanguageSwitchAsync(Uri site, string? proto)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site };
        var request = new HttpRequestMessage(HttpMethod.Get, "/language/en?returnUrl=/");
        request.Headers.Host = "id.example.test";
        if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
        return await client.SendAsync(request);
    }

    /// <summary>The culture cookie's Set-Cookie header, lower-cased (its attributes are what the tests read).</summary>
    public static string CultureCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal)).ToLowerInvariant();
}
