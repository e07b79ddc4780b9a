using System.Security.Claims;
using Harmony.Identity.Contracts.Admin;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// The caller of the admin API, read from its access token: an operator (every company) or a company
/// representative (one company). Every endpoint asks it whether a record's company may be seen.
/// </summary>
public sealed class AdminCaller
{
    private AdminCaller(string subject, string? name, string role, Guid? companyId, bool isClient)
    {
        Subject = subject;
        Name = name;
        Role = role;
        CompanyId = companyId;
        IsClient = isClient;
    }

    public string Subject { get; }

    public string? Name { get; }

    public string Role { get; }

    /// <summary>The representative's company; null for operators.</summary>
    public Guid? CompanyId { get; }

    /// <summary>A client_credentials caller (automation), not a person.</summary>
    public bool IsClient { get; }

    public bool IsOperator => Role == HarmonyRoles.Operator;

    public const string PersonActorPrefix = "admin:";
    public const string ClientActorPrefix = "client:";

    /// <summary>How the audit log names this caller.</summary>
    public string Actor => (IsClient ? ClientActorPrefix : PersonActorPrefix) + Subject;

    /// <summary>True when the caller may see or change records of <paramref name="companyId"/>.</summary>
    public bool CanAccess(Guid companyId) => IsOperator || CompanyId == companyId;

    /// <summary>
    /// True when the caller may change the address of, suspend, resume or resend to an account holding
    /// <paramref name="accountRole"/> (null: no admin role): on admin accounts, operators only (<see cref="AdminAccountRules"/>).
    /// </summary>
    public bool MayManageCredentialsOf(string? accountRole) => AdminAccountRules.MayManageCredentials(Role, accountRole);

    /// <summary>The caller from a validated principal, or null when it carries no admin role it can use.</summary>
    public static AdminCaller? From(ClaimsPrincipal principal)
    {
        var subject = principal.GetClaim(Claims.Subject);
        if (subject is null || !principal.HasScope(HarmonyScopes.AdminApi)) return null;
        var roles = principal.GetClaims(Claims.Role);
        // Client-credentials tokens name the client as their subject (see AuthorizationController.Exchange).
        var isClient = principal.GetClaim(Claims.ClientId) == subject;
        if (roles.Contains(HarmonyRoles.Operator))
        {
            return new AdminCaller(subject, principal.GetClaim(Claims.Name), HarmonyRoles.Operator, null, isClient);
        }
        if (roles.Contains(HarmonyRoles.CompanyAdmin) && Guid.TryParse(principal.GetClaim(HarmonyClaims.CompanyId), out var companyId))
        {
            return new AdminCaller(subject, principal.GetClaim(Claims.Name), HarmonyRoles.CompanyAdmin, companyId, isClient);
        }
        return null;
    }
}
