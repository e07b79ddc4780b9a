using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// The admin behind a token must still be an admin now: a suspended account, an inactive company or a removed role
/// loses the API at once, not when the 15-minute access token expires. Client-credentials callers are checked by
/// the token endpoint each time they get a token.
/// </summary>
public sealed class ActiveAdminRequirement : IAuthorizationRequirement;

public sealed class ActiveAdminHandler(UserManager<HarmonyUser> users, AccountGate gate) : AuthorizationHandler<ActiveAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveAdminRequirement requirement)
    {
        var caller = AdminCaller.From(context.User);
        if (caller is null) return;
        if (caller.IsClient)
        {
            context.Succeed(requirement);
            return;
        }

        var user = await users.FindByIdAsync(caller.Subject);
        if (user is null || await gate.CheckAsync(user, clientId: null) != AccountAccess.Allowed) return;
        if (!await users.IsInRoleAsync(user, caller.Role)) return;
        if (caller.CompanyId is { } companyId && user.CompanyId != companyId) return;
        context.Succeed(requirement);
    }
}
