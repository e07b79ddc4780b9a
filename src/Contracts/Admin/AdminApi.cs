namespace Harmony.Identity.Contracts.Admin;

/// <summary>Routes of the admin HTTP API, shared by the server and the admin site.</summary>
public static class AdminApiRoutes
{
    public const string Base = "/api/admin";

    /// <summary>Where <c>MapHarmonyAdminApi</c> serves the document named "admin".</summary>
    public const string OpenApiDocument = "/api/admin/admin.json";
}

/// <summary>A page of results.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>Result of an action on one record: what changed, in words an admin reads (ja/en chosen by the caller).</summary>
public sealed record ActionResult(bool Changed, string Outcome);

/// <summary>GET /api/admin/me: who the caller is, as the API sees them.</summary>
public sealed record AdminIdentity(string Subject, string? Name, string Role, Guid? CompanyId);
