using Harmony.Identity.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>A server started with the demo data, as <c>./start.sh</c> starts one.</summary>
public sealed class DemoDataStartupTests : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Harmony:DemoData:Enabled"] = "true" };

    [Test]
    public async Task DemoData_LetsTheDemoEmployeeSignIn()
    {
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);

        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(
            await flow.SignInAsync(DemoAccounts.EmployeeLoginId, DemoAccounts.EmployeePassword)));

        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(DemoAccounts.EmployeeLoginId));
    }

    [Test]
    public async Task StartUp_MigratesThenCreatesRolesThenClientsThenDemoData_InOneHostedServiceThatStartsFirst()
    {
        var steps = app.Services.GetServices<IStartupStep>().OrderBy(s => s.Order).Select(s => s.GetType().Name);
        // OpenTelemetry's own service puts itself before every other, so that start-up is measured too.
        var firstHostedService = app.Services.GetServices<IHostedService>().First(s => s.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) != true);

        Assert.That(steps, Is.EqualTo(new[] { "DatabaseMigrator", "RoleSeeder", "ClientSynchronizer", "DemoDataSeeder" }));
        Assert.That(firstHostedService, Is.TypeOf<StartupSequence>());
        // And it ran: the demo company exists, and so do the roles its representative holds.
        var demoAdmin = await app.WithServicesAsync(services =>
            services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Server.Data.HarmonyUser>>().FindByNameAsync("demo-admin"));
        Assert.That(demoAdmin, Is.Not.Null);
    }
}
