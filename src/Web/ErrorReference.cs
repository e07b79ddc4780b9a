using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Web;

/// <summary>
/// The reference code an error page or problem shows, and the one log entry that carries it, so that the code a person
/// quotes finds the failure in the log (and, being the start of the trace ID, its trace).
/// </summary>
public static partial class ErrorReference
{
    public static string Of(HttpContext context) => Activity.Current?.TraceId.ToString()[..12] ?? context.TraceIdentifier;

    /// <summary>
    /// The reference for a response with <paramref name="status"/>; for a server error, logs it with the exception that
    /// caused it (the exception handler's own entry is suppressed, see <see cref="ExceptionHandling"/>).
    /// </summary>
    public static string Report(HttpContext context, int status)
    {
        var reference = Of(context);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            var failure = context.Features.Get<IExceptionHandlerPathFeature>();
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorReference).FullName!);
            LogServerError(logger, failure?.Error, status, context.Request.Method, failure?.Path ?? context.Request.Path.Value, reference);
        }
        return reference;
    }

    /// <summary>
    /// Unhandled exceptions go to <paramref name="path"/>, which logs them once with the reference, with the status
    /// <paramref name="statusOf"/> gives (500 without it).
    /// </summary>
    public static ExceptionHandlerOptions ExceptionHandling(string path, Func<Exception, int>? statusOf = null) => new()
    {
        ExceptionHandlingPath = path,
        SuppressDiagnosticsCallback = _ => true,
        StatusCodeSelector = statusOf,
    };

    /// <summary>Same, with a handler that writes the answer itself (an API's problem details).</summary>
    public static ExceptionHandlerOptions ExceptionHandling(RequestDelegate handler) => new()
    {
        ExceptionHandler = handler,
        SuppressDiagnosticsCallback = _ => true,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Server error {Status} on {Method} {Path}, reference {ReferenceCode}")]
    private static partial void LogServerError(ILogger logger, Exception? exception, int status, string method, string? path, string referenceCode);
}
