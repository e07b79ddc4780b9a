using Harmony.Identity.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Errors;

/// <summary>
/// The one error page: unknown pages, protocol errors that must not be redirected to an app (for example an
/// unregistered redirect URI), and unexpected failures, which show only a reference code to quote.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    /// <summary>The OAuth error code, e.g. <c>invalid_request</c>; ASCII by the spec, safe to show.</summary>
    public string? ProtocolError { get; private set; }

    public string? ProtocolErrorDescription { get; private set; }

    public string ReferenceCode { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        Status = status ?? StatusCodes.Status500InternalServerError;
        var response = HttpContext.GetOpenIddictServerResponse();
        ProtocolError = response?.Error;
        ProtocolErrorDescription = response?.ErrorDescription;
        ReferenceCode = ErrorReference.Report(HttpContext, Status);
    }
}
