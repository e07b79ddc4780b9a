namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Under the company policy <c>Passkey</c>, an employee who signed in with the password (and the email code) and has no
/// passkey yet is offered to create one before going on; the offer can be put off ("later"), since not every device can
/// hold a passkey. Decision 0030.
/// </summary>
public sealed class PasskeyOffer(HarmonyDbContext db, PasskeyAvailability availability)
{
    public async Task<bool> DueAsync(HarmonyUser user, CompanyPolicy policy, IReadOnlyCollection<string> methods,
        CancellationToken cancellationToken = default) =>
        availability.Available && policy.SecondFactor == SecondFactorMode.Passkey &&
        !AuthenticationMethods.IncludePasskey(methods) &&
        !await db.UserPasskeys.AnyAsync(p => p.UserId == user.Id, cancellationToken);
}
