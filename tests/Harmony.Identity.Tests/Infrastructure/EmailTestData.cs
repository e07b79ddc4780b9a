namespace Harmony.Identity.Tests.Infrastructure;

public static class EmailTestData
{
    /// <summary>Puts an address under the delivery restriction, as three bounces would (FAQ Q4 cause 3).</summary>
    public static Task RestrictAddressAsync(this HarmonyAppFactory app, string address) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        var normalized = address.Trim().ToUpperInvariant();
        var status = await db.EmailAddressStatuses.SingleOrDefaultAsync(s => s.NormalizedAddress == normalized);
        if (status is null) db.EmailAddressStatuses.Add(status = new EmailAddressStatus { NormalizedAddress = normalized });
        status.FailureCount = 3;
        status.RestrictedAt = app.Time.GetUtcNow();
        return await db.SaveChangesAsync();
    });

    /// <summary>
    /// Reports bounces of <paramref name="address"/> the way the SendGrid webhook does, until the address is restricted
    /// (three by default), with the restriction's audit rows on the accounts that use it.
    /// </summary>
    public static Task ReportBouncesUntilRestrictedAsync(this HarmonyAppFactory app, string address) => app.WithServicesAsync(async services =>
    {
        var restrictions = services.GetRequiredService<Harmony.Identity.Server.Features.Email.EmailRestrictions>();
        for (var reported = 1; reported <= 10; reported++)
        {
            var outcome = await restrictions.RecordDeliveryFailureAsync("bounce-" + Guid.NewGuid().ToString("N"), address, "bounce");
            if (outcome == Harmony.Identity.Server.Features.Email.DeliveryFailureOutcome.Restricted) return reported;
        }
        throw new AssertionException("The address was never restricted.");
    });
}
