using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// "Failed to connect to harmony server" (FAQ Q2): the credentials were right, but the company is inactive or
/// not registered for the app. The reference code is the audit event's, for the support desk to look up.
/// </summary>
[AllowAnonymous]
public sealed class FailedToConnectModel : PageModel
{
    public string? Code { get; private set; }

    public void OnGet(string? code)
    {
        // Only show something that looks like one of our codes; anything else in the URL is ignored.
        Code = code is { Length: 9 } && code[4] == '-' && code.All(c => c == '-' || char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))
            ? code
            : null;
    }
}
