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
}
