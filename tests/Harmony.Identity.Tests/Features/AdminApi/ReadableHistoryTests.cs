using System.Data.Common;
using Harmony.Identity.Server.Features.Email;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// The history as an admin reads it (issue 12 item 7, decision 0022): the actor by name and role, the account and the app
/// by name, the details as facts; why an email did not go, named, with the provider's own words for operators only.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class ReadableHistoryTests(TestDatabase database) : RepresentativeAndSupportFixture(database)
{
    [Test]
    public async Task AuditLog_NamesTheEmployeeAndTheirApp_TheSupportDesksPerson_TheAutomation_AndTheRepresentative()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, displayName: "履歴 太郎");
        var flow = new OidcFlow(app.CreateBrowser());
        await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));
        var supportPerson = await app.CreateAdminAsync(HarmonyRoles.Operator);
        await app.SetUserAsync(supportPerson.Id, u => u.DisplayName = "渡辺 健");
        var operatorPerson = new AdminApiClient(app, await AdminTokens.AdminAsync(app, supportPerson));
        await operatorPerson.ReadAsync<ActionResult>(operatorPerson.PutAsync($"employees/{employee.Id}", new UpdateEmployeeRequest("H-" + Guid.NewGuid().ToString("N")[..8], "履歴 太郎", "en")));
        await support.ActAsync(employee.Id, "suspend");
        await admin.ActAsync(employee.Id, "resume");

        var entries = (await admin.GetAsync<PagedResult<AuditEntryDto>>($"audit?userId={employee.Id}")).Items;

        AuditEntryDto Of(string @event) => entries.First(e => e.Event == @event);
        Assert.Multiple(() =>
        {
            Assert.That((Of("SignInSucceeded").ActorName, Of("SignInSucceeded").ActorRole), Is.EqualTo(("履歴 太郎", ActorRoles.Employee)));
            Assert.That(Of("SignInSucceeded").ClientName, Is.EqualTo("Test single-page app"));
            Assert.That(Of("SignInSucceeded").Facts!["methods"], Is.EqualTo("pwd"));
            Assert.That((Of("ProfileUpdated").ActorName, Of("ProfileUpdated").ActorRole), Is.EqualTo(("渡辺 健", ActorRoles.Operator)));
            Assert.That((Of("Suspended").ActorName, Of("Suspended").ActorRole), Is.EqualTo((HarmonyAppFactory.ServiceClientId, ActorRoles.Client)));
            Assert.That((Of("Resumed").ActorName, Of("Resumed").ActorRole), Is.EqualTo(("管理 花子", ActorRoles.CompanyAdmin)));
            Assert.That(entries.Select(e => e.AccountName), Is.All.EqualTo("履歴 太郎"));
            Assert.That(DateTimeOffset.Parse(Of("TemporaryCredentialsIssued").Facts!["expiresAt"], CultureInfo.InvariantCulture),
                Is.GreaterThan(app.Time.GetUtcNow()), "an instant a page can show in its own time zone");
        });
    }

    [Test]
    public async Task AnAdminWhoLostTheRole_IsShownAsAFormerAdmin()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        var leaving = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId);
        var leavingAdmin = new AdminApiClient(app, await AdminTokens.AdminAsync(app, leaving));
        await leavingAdmin.ActAsync(employee.Id, "suspend");
        await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<HarmonyUser>>();
            return await users.RemoveFromRoleAsync((await users.FindByIdAsync(leaving.Id.ToString()))!, HarmonyRoles.CompanyAdmin);
        });

        var entry = (await admin.EmployeeAsync(employee.Id)).History.First(e => e.Event == "Suspended");

        Assert.That((entry.ActorName, entry.ActorRole), Is.EqualTo(("管理 花子", ActorRoles.FormerAdmin)));
    }

    [Test]
    public async Task RefusedEmail_IsNamedForTheRepresentative_AndTheProvidersWordsAreForOperatorsOnly()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        await admin.ActAsync(employee.Id, "resend-instruction");
        using var refusing = app.Variant(services => services.AddSingleton<IEmailTransport>(provider =>
            new RefusingTransport(employee.Email, provider.GetRequiredService<PickupFolderTransport>())));
        await Mailbox.DeliverAsync(refusing);

        var seenByRepresentative = await admin.EmployeeAsync(employee.Id);
        var seenBySupport = await support.EmployeeAsync(employee.Id);

        var mail = seenByRepresentative.RecentEmails.First();
        var failure = seenByRepresentative.History.First(e => e.Event == "EmailFailed");
        Assert.Multiple(() =>
        {
            Assert.That((mail.Status, mail.Problem, mail.LastError), Is.EqualTo(("Failed", DeliveryProblems.Refused, (string?)null)));
            Assert.That(failure.Facts, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["kind"] = "Instruction",
                ["messageId"] = mail.Id.ToString(CultureInfo.InvariantCulture),
                ["problem"] = DeliveryProblems.Refused,
            }));
            Assert.That(failure.Details, Is.Null, "the stored text quotes the provider");
            Assert.That((failure.ActorName, failure.ActorRole), Is.EqualTo(("email-outbox-dispatch", ActorRoles.Job)));
        });
        Assert.Multiple(() =>
        {
            Assert.That(seenBySupport.RecentEmails.First().LastError, Is.EqualTo(RefusingTransport.Answer));
            Assert.That(seenBySupport.History.First(e => e.Event == "EmailFailed").Facts!["error"], Is.EqualTo(RefusingTransport.Answer));
        });
    }

    [Test]
    public async Task InvalidAddress_AndRestriction_AreNamed_WithTheProviderAsTheActor()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        await app.ReportBouncesUntilRestrictedAsync(employee.Email);
        await app.SetUserAsync(employee.Id, u => u.Email = "not-an-address");
        await admin.ActAsync(employee.Id, "resend-instruction");

        var detail = await admin.EmployeeAsync(employee.Id);

        var restricted = detail.History.First(e => e.Event == "EmailRestricted");
        Assert.Multiple(() =>
        {
            Assert.That(detail.RecentEmails.First().Problem, Is.EqualTo(DeliveryProblems.InvalidAddress));
            Assert.That((restricted.ActorName, restricted.ActorRole), Is.EqualTo(("sendgrid", ActorRoles.Provider)));
            Assert.That(restricted.Facts!["lastEvent"], Is.EqualTo("bounce"));
            Assert.That(restricted.Facts["failures"], Is.EqualTo("3"));
            Assert.That(restricted.Facts["address"], Does.StartWith(employee.Email[..1] + "***@"));
        });
    }

    [Test]
    public async Task AuditPage_ReadsTheNamesOfAllItsActors_InAsManyQueries_HoweverManyActorsThereAre()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        var token = await AdminTokens.AdminAsync(app, representative);
        var counter = new QueryCounter();
        using var counted = app.WithDatabaseInterceptor(counter);
        async Task<int> QueriesOfThePageAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{AdminApiClient.Base}/audit?userId={employee.Id}").WithBearer(token);
            counter.Count = 0;
            using var response = await counted.CreateClient().SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return counter.Count;
        }

        await admin.ActAsync(employee.Id, "suspend");
        await support.ActAsync(employee.Id, "resume");
        await QueriesOfThePageAsync(); // the host's own start-up reads the database once too
        var withTwoActors = await QueriesOfThePageAsync();
        for (var i = 0; i < 4; i++)
        {
            var colleague = new AdminApiClient(app, await AdminTokens.AdminAsync(app, await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId)));
            await colleague.ActAsync(employee.Id, "suspend");
            await support.ActAsync(employee.Id, "resume");
        }
        var withSixActors = await QueriesOfThePageAsync();

        Assert.That(withSixActors, Is.EqualTo(withTwoActors), "one query for the people of a page, one for its apps");
        var actors = (await admin.GetAsync<PagedResult<AuditEntryDto>>($"audit?userId={employee.Id}")).Items.Select(e => e.Actor).Distinct();
        Assert.That(actors.Count(), Is.EqualTo(6));
    }

    [Test]
    public async Task CompanyChanges_AreReadAsFacts_ForTheSupportDesk()
    {
        var code = "h" + Guid.NewGuid().ToString("N")[..10];
        var created = await support.ReadAsync<CompanyDetail>(support.PostAsync("companies", new CreateCompanyRequest(code, "履歴株式会社", "History Inc.", null)),
            HttpStatusCode.Created);
        await support.ReadAsync<CompanyDetail>(support.PutAsync($"companies/{created.Id}",
            new UpdateCompanyRequest(code + "x", "改名株式会社", "Renamed Inc.", created.Policy, false, [])));

        var entries = (await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={created.Id}")).Items;

        Assert.That(entries.Single(e => e.Event == "CompanyCreated").Facts, Is.EquivalentTo(new Dictionary<string, string> { ["code"] = code }));
        Assert.That(entries.Single(e => e.Event == "CompanyUpdated").Facts, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["code.from"] = code,
            ["code.to"] = code + "x",
            ["names"] = "true",
        }));
    }

    /// <summary>Counts the commands a host sends to the database.</summary>
    private sealed class QueryCounter : DbCommandInterceptor
    {
        private int count;

        public int Count
        {
            get => Volatile.Read(ref count);
            set => Volatile.Write(ref count, value);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>Refuses every message to one address as SendGrid refuses a bad request; sends the others.</summary>
    private sealed class RefusingTransport(string address, IEmailTransport inner) : IEmailTransport
    {
        public const string Answer = "SendGrid answered 400 BadRequest: {\"errors\":[{\"message\":\"Does not contain a valid address.\",\"field\":\"personalizations.0.to.0.email\"}]}";

        public Task<SendResult> SendAsync(OutgoingEmail message, CancellationToken cancellationToken) =>
            message.ToAddress == address ? Task.FromResult<SendResult>(new SendResult.Permanent(Answer)) : inner.SendAsync(message, cancellationToken);
    }
}
