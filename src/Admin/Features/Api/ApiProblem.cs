namespace Harmony.Identity.Admin.Features.Api;

/// <summary>A problem-details answer of the admin API: its status, its localized detail and its field errors.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsNotFound => Status == StatusCodes.Status404NotFound;
}

/// <summary>The answer of one API call: a value, or the problem the API reported.</summary>
public readonly record struct ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public static ApiResult<T> Success(T value) => new(value, null);

    public static ApiResult<T> Failure(ApiProblem problem) => new(default, problem);
}

/// <summary>The API no longer accepts the session's access token (revoked, or the admin suspended): sign in again.</summary>
public sealed class ApiSessionEndedException() : Exception("The admin API refused the session's access token.");

/// <summary>
/// The API refused an operation to this admin: an operator-only endpoint, or an admin account's credentials, for a
/// representative. <see cref="Detail"/> is the API's reason in the admin's language, when it gave one.
/// </summary>
public sealed class ApiForbiddenException(string? detail) : Exception(detail ?? "The admin API refused the operation.")
{
    public string? Detail { get; } = detail;
}
