using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>The password rules an employee's company chose, as the pages list them and the validators apply them (decision 0024).</summary>
public static class CompanyPasswordPolicy
{
    /// <summary>
    /// The company's rule set. Its second factor never shortens the NIST minimum: the only one today is an emailed code,
    /// which rev. 4 does not count as a second factor.
    /// </summary>
    public static PasswordPolicy PasswordPolicy(this CompanyPolicy policy) =>
        Contracts.Credentials.PasswordPolicy.For(policy.PasswordRules, passwordIsOneOfTwoFactors: false);

    /// <summary>The password rules of the account's company, as they are now in the database.</summary>
    public static async Task<PasswordPolicy> PasswordPolicyOfAsync(this HarmonyDbContext db, HarmonyUser user, CancellationToken cancellationToken = default) =>
        (await db.PolicyOfAsync(user.CompanyId, cancellationToken)).PasswordPolicy();
}
