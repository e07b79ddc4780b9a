using Harmony.Identity.Server.Features.Jobs;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Tests.Features.Jobs;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class TokenPruningJobTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock and count what a run over the whole database changed.</summary>
    protected override string Group => ServerGroups.Jobs;

    [Test]
    public async Task Run_RemovesOldUnusableTokensAndAuthorizations_AndDenyListEntriesOfExpiredTokens_AndKeepsValidAndRecentOnes()
    {
        var employee = await app.CreateEmployeeAsync();
        var subject = employee.Id.ToString();
        var created = app.Time.GetUtcNow();

        // Old: a valid authorization with a valid refresh token (kept) and a revoked one (pruned); a revoked
        // authorization and its token (both pruned); an ad-hoc authorization whose only token was redeemed (both pruned).
        var validAuthorization = await CreateAuthorizationAsync(subject, Statuses.Valid, AuthorizationTypes.Permanent, created);
        var validToken = await CreateTokenAsync(subject, validAuthorization, Statuses.Valid, created);
        var revokedToken = await CreateTokenAsync(subject, validAuthorization, Statuses.Revoked, created);
        var revokedAuthorization = await CreateAuthorizationAsync(subject, Statuses.Revoked, AuthorizationTypes.Permanent, created);
        var tokenOfRevokedAuthorization = await CreateTokenAsync(subject, revokedAuthorization, Statuses.Valid, created);
        var adHocAuthorization = await CreateAuthorizationAsync(subject, Statuses.Valid, AuthorizationTypes.AdHoc, created);
        var redeemedToken = await CreateTokenAsync(subject, adHocAuthorization, Statuses.Redeemed, created);

        app.Time.Advance(TimeSpan.FromDays(15));

        // Recent: revoked, but younger than the retention, so kept for now.
        var recent = app.Time.GetUtcNow();
        var recentRevokedAuthorization = await CreateAuthorizationAsync(subject, Statuses.Revoked, AuthorizationTypes.Permanent, recent);
        var recentRevokedToken = await CreateTokenAsync(subject, recentRevokedAuthorization, Statuses.Revoked, recent);
        // Revoked machine access tokens: one has expired since (its entry goes), one has not (its entry stays).
        var expiredJti = await DenyAsync(expires: recent - TimeSpan.FromMinutes(1));
        var liveJti = await DenyAsync(expires: recent + TimeSpan.FromMinutes(10));

        var result = await RunJobAsync();
        var again = await RunJobAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result, Is.EqualTo(new TokenPruningResult(Tokens: 3, Authorizations: 2, RevokedAccessTokens: 1)));
            Assert.That(await DeniedAsync(expiredJti), Is.False, "the token has expired: nothing left to refuse");
            Assert.That(await DeniedAsync(liveJti), Is.True, "still refused until it expires");
            Assert.That(await TokenExistsAsync(revokedToken), Is.False);
            Assert.That(await TokenExistsAsync(tokenOfRevokedAuthorization), Is.False);
            Assert.That(await TokenExistsAsync(redeemedToken), Is.False);
            Assert.That(await AuthorizationExistsAsync(revokedAuthorization), Is.False);
            Assert.That(await AuthorizationExistsAsync(adHocAuthorization), Is.False);

            Assert.That(await TokenExistsAsync(validToken), Is.True, "a valid token of a valid authorization stays");
            Assert.That(await AuthorizationExistsAsync(validAuthorization), Is.True);
            Assert.That(await TokenExistsAsync(recentRevokedToken), Is.True, "younger than the retention");
            Assert.That(await AuthorizationExistsAsync(recentRevokedAuthorization), Is.True);

            Assert.That(again, Is.EqualTo(new TokenPruningResult(0, 0)), "a second run finds nothing");
            var audits = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().AuditEvents
                .Where(a => a.Event == AuditEvents.TokensPruned).ToListAsync());
            Assert.That(audits, Has.Count.EqualTo(1), "one line for the run that pruned, none for the empty one");
            Assert.That(audits[0].Actor, Is.EqualTo(TokenPruningJob.Actor));
            Assert.That(audits[0].Details, Does.Contain("tokens=3").And.Contain("authorizations=2"));
        });
    }

    private async Task<string> DenyAsync(DateTimeOffset expires)
    {
        var jti = Guid.NewGuid().ToString();
        await app.WithServicesAsync(services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.RevokedAccessTokens.Add(new RevokedAccessToken { JwtId = jti, ClientId = HarmonyAppFactory.ServiceClientId, ExpiresAt = expires, RevokedAt = app.Time.GetUtcNow() });
            return db.SaveChangesAsync();
        });
        return jti;
    }

    private Task<bool> DeniedAsync(string jti) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().RevokedAccessTokens.AnyAsync(r => r.JwtId == jti));

    private Task<TokenPruningResult> RunJobAsync() =>
        app.WithServicesAsync(services => services.GetRequiredService<TokenPruningJob>().RunAsync());

    private Task<string> CreateAuthorizationAsync(string subject, string status, string type, DateTimeOffset createdAt) =>
        app.WithServicesAsync(async services =>
        {
            var manager = services.GetRequiredService<IOpenIddictAuthorizationManager>();
            var authorization = await manager.CreateAsync(new OpenIddictAuthorizationDescriptor
            {
                ApplicationId = await ApplicationIdAsync(services),
                CreationDate = createdAt,
                Status = status,
                Subject = subject,
                Type = type,
                Scopes = { Scopes.OpenId, Scopes.OfflineAccess },
            });
            return (await manager.GetIdAsync(authorization))!;
        });

    private Task<string> CreateTokenAsync(string subject, string authorizationId, string status, DateTimeOffset createdAt) =>
        app.WithServicesAsync(async services =>
        {
            var manager = services.GetRequiredService<IOpenIddictTokenManager>();
            var token = await manager.CreateAsync(new OpenIddictTokenDescriptor
            {
                ApplicationId = await ApplicationIdAsync(services),
                AuthorizationId = authorizationId,
                CreationDate = createdAt,
                // Far beyond both clocks, so that only the status decides (the store compares expiry with the system clock).
                ExpirationDate = createdAt + TimeSpan.FromDays(365),
                Status = status,
                Subject = subject,
                Type = TokenTypeHints.RefreshToken,
            });
            return (await manager.GetIdAsync(token))!;
        });

    private static async Task<string> ApplicationIdAsync(IServiceProvider services)
    {
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(HarmonyAppFactory.SpaClientId)
            ?? throw new InvalidOperationException("the test client is synchronized at start-up");
        return (await applications.GetIdAsync(application))!;
    }

    private Task<bool> TokenExistsAsync(string id) =>
        app.WithServicesAsync(async services => await services.GetRequiredService<IOpenIddictTokenManager>().FindByIdAsync(id) is not null);

    private Task<bool> AuthorizationExistsAsync(string id) =>
        app.WithServicesAsync(async services => await services.GetRequiredService<IOpenIddictAuthorizationManager>().FindByIdAsync(id) is not null);
}
