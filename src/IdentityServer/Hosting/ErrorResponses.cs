using System.Text.Json;
using Harmony.Identity.Server.Localization;
using Harmony.Identity.Web;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// How an error without a body of its own is answered: problem details on the admin API and the webhooks (what their
/// callers parse), the localized error page everywhere else. And a Host header that no URL can hold is refused before
/// anything reads it.
/// </summary>
public static class ErrorResponses
{
    private static readonly JsonSerializerOptions ProblemOptions = new(JsonSerializerDefaults.Web);

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/webhooks");

    public static WebApplication UseHarmonyErrorResponses(this WebApplication app)
    {
        // A Host no name can be decoded from was refused first in the pipeline (UseUnreadableHostGuard); one that parses
        // but makes no URL (e.g. port 99999) is MalformedRequestGuard's, answered in the area's format.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(ErrorReference.ExceptionHandling(context => WriteProblemAsync(context, StatusCodes.Status500InternalServerError)));
            api.UseStatusCodePages(context => WriteProblemAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        });
        app.UseWhen(context => !IsApi(context), pages =>
        {
            pages.UseExceptionHandler(ErrorReference.ExceptionHandling(Routes.Error + "/500"));
            pages.UseStatusCodePagesWithReExecute(Routes.Error + "/{0}");
        });
        return app;
    }

    private static Task WriteProblemAsync(HttpContext context, int status)
    {
        // Runs after the localization middleware has unwound: take the language it chose from the request.
        var culture = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        if (culture is not null) CultureInfo.CurrentUICulture = culture;
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var detail = text[$"Api.Status.{status}"];
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = detail.ResourceNotFound ? null : detail.Value,
        };
        if (status >= 500)
        {
            // The same reference code the error page shows, so that a caller can quote it.
            problem.Extensions["referenceCode"] = ErrorReference.Report(context, status);
        }
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, ProblemOptions, "application/problem+json");
    }
}
