using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Hosting;

/// <summary>Creates the admin roles (operator, company-admin) at start-up when they are missing. Idempotent.</summary>
public sealed class RoleSeeder(IServiceScopeFactory scopes) : IStartupStep
{
    public int Order => StartupOrder.Roles;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var name in new[] { HarmonyRoles.Operator, HarmonyRoles.CompanyAdmin })
        {
            if (await roles.RoleExistsAsync(name)) continue;
            var result = await roles.CreateAsync(new IdentityRole<Guid>(name) { Id = Guid.CreateVersion7() });
            // Another node may have created it at the same moment; only a real failure stops the start.
            if (!result.Succeeded && !await roles.RoleExistsAsync(name))
            {
                throw new InvalidOperationException($"Role {name} could not be created: {string.Join(", ", result.Errors.Select(e => e.Code))}");
            }
        }
    }
}
