namespace Harmony.Identity.Tests.Features.AdminApi.Lists;

/// <summary>
/// The audit log of the admin API by person and event (issue 12 item 3): an admin types the login ID or the name they
/// know, never the account's GUID, and picks an event; a representative never reaches another company's people.
/// </summary>
public sealed class AuditListEndpointTests : AppFixture
{
    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
    }

    [Test]
    public async Task Person_FindsTheEventsOfTheAccount_ByLoginIdOrName_AndEventNarrowsThem()
    {
        var token = "P" + Guid.NewGuid().ToString("N")[..8];
        var (companyId, people) = await app.CompanyWithAsync(("A1", $"監査 {token}"), ("A2", "別の 人"));
        var (person, bystander) = (people[0], people[1]);
        await support.ActAsync(person.Id, "suspend");
        await support.ActAsync(person.Id, "resume");
        await support.ActAsync(bystander.Id, "suspend");

        var byLoginId = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?person={person.LoginId.ToUpperInvariant()}");
        var byName = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?person={Uri.EscapeDataString(token)}");
        var suspensions = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={companyId}&event={AuditEvents.Suspended}");
        var both = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?person={token}&event={AuditEvents.Resumed}");

        Assert.Multiple(() =>
        {
            Assert.That(byLoginId.Items.Select(a => a.Event),
                Is.EqualTo(new[] { AuditEvents.Resumed, AuditEvents.TemporaryCredentialsIssued, AuditEvents.Suspended }));
            Assert.That(byName.Items.Select(a => a.Id), Is.EqualTo(byLoginId.Items.Select(a => a.Id)));
            Assert.That(suspensions.Items.Select(a => a.UserId), Is.EquivalentTo(new Guid?[] { person.Id, bystander.Id }));
            Assert.That((both.Total, both.Items.Single().UserId), Is.EqualTo((1, (Guid?)person.Id)));
        });
    }

    [Test]
    public async Task Representative_FindsNoOneOfAnotherCompany_ByPerson()
    {
        var stranger = await app.CreateEmployeeAsync();
        await support.ActAsync(stranger.Id, "suspend");
        var representative = new AdminApiClient(app, await AdminTokens.AdminAsync(app, await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin)));

        var found = await representative.GetAsync<PagedResult<AuditEntryDto>>($"audit?person={stranger.LoginId}");
        var operatorFound = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?person={stranger.LoginId}");

        Assert.That(found.Total, Is.Zero);
        Assert.That(operatorFound.Total, Is.Positive, "the same search finds them for the support desk");
    }

    [TestCase("ja", "イベントの種類は英字の名前(SignInFailed など)で指定してください。")]
    [TestCase("en", "The event type must be an event name in letters (such as SignInFailed).")]
    public async Task MalformedEvent_IsAValidationProblem_InTheCallersLanguage(string language, string message)
    {
        var response = await support.WithLanguage(language).GetAsync("audit?event=" + Uri.EscapeDataString("1; DROP"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors?["Event"], Is.EqualTo(new[] { message }));
    }
}
