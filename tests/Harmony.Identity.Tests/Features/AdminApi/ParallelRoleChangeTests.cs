using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Role changes sent at the same instant (decision 0019): two operators removing each other never leave no operator,
/// and a grant sent twice at once is one grant, never a 500. On a server of its own so that the fixture knows every
/// operator in its database.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class ParallelRoleChangeTests(TestDatabase database) : AppFixture(database)
{
    private const string SupportCode = "support-desk-race";

    /// <summary>Rounds of the burst: one round may not interleave the two requests, several almost surely do.</summary>
    private const int Rounds = 6;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Harmony:Operators:CompanyCode"] = SupportCode };

    [Test]
    public async Task TwoOperatorsRemovingEachOthersOperatorRoleAtOnce_AlwaysLeaveAnOperatorWhoCanSignIn()
    {
        var supportCompany = await app.SupportCompanyAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var first = await app.CreateAdminAsync(HarmonyRoles.Operator, supportCompany);
            var second = await app.CreateAdminAsync(HarmonyRoles.Operator, supportCompany);
            Assert.That(await UsableOperatorsAsync(), Is.EquivalentTo(new[] { first.Id, second.Id }), "each round starts with exactly these two");
            var asFirst = new AdminApiClient(app, await AdminTokens.AdminAsync(app, first));
            var asSecond = new AdminApiClient(app, await AdminTokens.AdminAsync(app, second));

            var answers = await Task.WhenAll(asFirst.RevokeAsync(second.Id, HarmonyRoles.Operator), asSecond.RevokeAsync(first.Id, HarmonyRoles.Operator));

            // One removal wins; the other is refused as the last operator (409), or, when the winner was saved before the
            // loser's token was checked, as no longer an operator (403).
            Assert.That(answers.Select(a => a.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.OK)
                .And.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Forbidden), $"round {round}");
            var left = await UsableOperatorsAsync();
            Assert.That(left, Has.Count.EqualTo(1), $"round {round}: exactly one of the two is still an operator");
            // The survivor stops counting, so that the next round again starts from two.
            await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().SuspendAsync(left[0], "operator:test"));
        }
    }

    [Test]
    public async Task TheSameGrantSentFourTimesAtOnce_IsOneGrant_OneAuditRow_AndNeverAServerError()
    {
        var support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
        var employee = await app.CreateEmployeeAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => support.GrantAsync(employee.Id, HarmonyRoles.CompanyAdmin)));

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Conflict),
            string.Join("\n", await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()))));
        Assert.That((await app.AuditOfAsync(employee.Id)).Count(a => a.Event == "RoleGranted"), Is.EqualTo(1));
        Assert.That((await support.EmployeeAsync(employee.Id)).AdminRole, Is.EqualTo(HarmonyRoles.CompanyAdmin));
    }

    private Task<List<Guid>> UsableOperatorsAsync() => app.WithServicesAsync(async services =>
        (await services.GetRequiredService<UserManager<HarmonyUser>>().GetUsersInRoleAsync(HarmonyRoles.Operator))
            .Where(u => !u.IsSuspended).Select(u => u.Id).ToList());
}
