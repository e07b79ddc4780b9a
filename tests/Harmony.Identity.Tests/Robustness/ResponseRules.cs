namespace Harmony.Identity.Tests.Robustness;

/// <summary>What every answer to a malformed request must respect, whatever the request was.</summary>
public static class ResponseRules
{
    /// <summary>Where the server may send a browser besides itself: the test clients' registered redirect URIs.</summary>
    public static readonly IReadOnlyList<string> RegisteredRedirects = [HarmonyAppFactory.RedirectUri, HarmonyAppFactory.PostLogoutRedirectUri];

    /// <summary>The rules <paramref name="response"/> breaks, in words; empty when it is a fine answer.</summary>
    /// <param name="origins">The server's own origin first, then any origin it may send a browser to (its identity server).</param>
    public static List<string> Broken(string marker, bool withinLimits, RawResponse response, params Uri[] origins)
    {
        var broken = new List<string>();
        switch (response.End)
        {
            case ExchangeEnd.TimedOut:
                broken.Add("no answer in time: " + response.Error);
                return broken;
            case ExchangeEnd.ClosedWithoutAnswer:
                // Past a size limit the server may drop the connection; under the limits it must answer.
                if (withinLimits) broken.Add("connection closed without an answer: " + (response.Error ?? "clean close"));
                return broken;
        }

        if (response.Status >= 500) broken.Add($"status {response.Status}");
        if (response.Body.Contains(marker, StringComparison.Ordinal)) broken.Add("the marker came back unescaped in the body");
        // A Location may carry a local return URL as given; any other header must not echo it (no injected header or cookie).
        if (response.Headers.Any(h => !h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase) &&
                                      (h.Key.Contains(marker, StringComparison.Ordinal) || h.Value.Contains(marker, StringComparison.Ordinal))))
        {
            broken.Add("the marker came back unescaped in a header");
        }
        var location = response.Header("Location");
        if (location is not null && !IsOwnOrRegistered(location, origins)) broken.Add("redirect to a foreign origin: " + location);
        return broken;
    }

    /// <summary>
    /// A relative reference that stays on the server (browsers ignore tabs and newlines and read <c>\</c> as <c>/</c>),
    /// an absolute URL on the server's origin, or a registered redirect URI.
    /// </summary>
    public static bool IsOwnOrRegistered(string location, params Uri[] origins)
    {
        var asBrowserReadsIt = new string(location.Where(c => c is not ('\t' or '\r' or '\n')).ToArray()).Trim().Replace('\\', '/');
        if (asBrowserReadsIt.StartsWith('/')) return !asBrowserReadsIt.StartsWith("//", StringComparison.Ordinal);
        if (!Uri.TryCreate(asBrowserReadsIt, UriKind.Absolute, out var target)) return !asBrowserReadsIt.Contains(':');
        if (target.Scheme is not ("http" or "https")) return false;
        if (origins.Any(origin => string.Equals(target.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))) return true;
        return RegisteredRedirects.Any(registered => target.GetLeftPart(UriPartial.Path).Equals(registered, StringComparison.Ordinal));
    }
}
