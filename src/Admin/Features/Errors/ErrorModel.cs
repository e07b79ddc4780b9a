using Harmony.Identity.Web;

namespace Harmony.Identity.Admin.Features.Errors;

/// <summary>Unknown pages, records that are not there (or belong to another company), and unexpected failures.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string ReferenceCode { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        // Without a status in the path it is the exception handler's (500, or 503 when the identity server is unreachable).
        Status = status ?? (Response.StatusCode >= StatusCodes.Status500InternalServerError ? Response.StatusCode : StatusCodes.Status500InternalServerError);
        ReferenceCode = ErrorReference.Report(HttpContext, Status);
    }
}
