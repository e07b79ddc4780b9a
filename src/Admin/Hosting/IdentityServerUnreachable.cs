namespace Harmony.Identity.Admin.Hosting;

/// <summary>
/// The admin site can do nothing without the identity server: signing in needs its discovery document, every page its
/// admin API. When it cannot be reached (refused, timed out, or answering 5xx), the error page says so with 503, not
/// "something went wrong" with 500.
/// </summary>
public static class IdentityServerUnreachable
{
    public static int StatusOf(Exception exception) =>
        Is(exception) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;

    /// <summary>
    /// A call to the server that failed on the way (<see cref="HttpRequestException"/>, the admin API's 5xx included), timed
    /// out, or the OpenID Connect handler's "unable to obtain configuration" (IDX20803) around such a failure.
    /// </summary>
    public static bool Is(Exception? exception) => exception switch
    {
        null => false,
        HttpRequestException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        InvalidOperationException { Message: var message } when message.StartsWith("IDX20803:", StringComparison.Ordinal) => true,
        _ => Is(exception.InnerException),
    };
}
