using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Harmony.Identity.Admin.Hosting;

/// <summary>
/// A form whose charset .NET refuses to decode (utf-7) gets a 400 and the error page. MVC already turns the form
/// reader's other failures (limits, NUL, broken multipart) into a 400, but this one escaped as a 500, even from the
/// error page. The identity server's <c>MalformedRequestGuard</c> covers this and more for its protocol and API areas.
/// </summary>
public sealed class UndecodableFormGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // The re-executed error page: this request was judged on the way in.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null) return next(context);
        if (!context.Request.HasFormContentType || !MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)) return next(context);
        try
        {
            _ = mediaType.Encoding;
            return next(context);
        }
        catch (NotSupportedException)
        {
            // The re-executed error page then reads an empty form instead of the undecodable one.
            context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }
    }
}
