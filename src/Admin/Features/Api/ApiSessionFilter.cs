using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>
/// When the API stops accepting the session's token the session ends and the admin signs in again; when it refuses an
/// operation, the page answers with the "not authorized" page instead of an error.
/// </summary>
public sealed class ApiSessionFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        switch (executed.Exception)
        {
            case ApiSessionEndedException:
                executed.ExceptionHandled = true;
                await context.HttpContext.SignOutAsync(SignInExtensions.CookieScheme);
                var request = context.HttpContext.Request;
                var back = HttpMethods.IsGet(request.Method) ? request.PathBase + request.Path + request.QueryString : (string)(request.PathBase + request.Path);
                executed.Result = new ChallengeResult(SignInExtensions.OidcScheme, new AuthenticationProperties { RedirectUri = back });
                break;
            case ApiForbiddenException:
                executed.ExceptionHandled = true;
                executed.Result = new ForbidResult();
                break;
        }
    }
}
