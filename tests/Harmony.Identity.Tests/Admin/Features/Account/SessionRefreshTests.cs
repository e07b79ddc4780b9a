namespace Harmony.Identity.Tests.Admin.Features.Account;

/// <summary>
/// The admin's access token (15 minutes) is refreshed before it expires, with the refresh token kept in the session
/// cookie. Its own apps, because the test moves the clock the two apps share.
/// </summary>
[TestFixture]
public sealed class SessionRefreshTests : AdminSiteFixture
{
    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [Test]
    public async Task Pages_KeepWorking_AfterTheAccessTokenWouldHaveExpired()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);

        hosts.Server.Time.Advance(TimeSpan.FromMinutes(20));
        var page = await session.Browser.GetAsync("/employees");

        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Uri.Authority, Is.EqualTo(hosts.AdminUrl.Authority), "no new sign-in was needed");
            Assert.That(page.Uri.AbsolutePath, Is.EqualTo("/employees"));
            Assert.That(page.Document.QuerySelectorAll("#employees tbody tr").Select(r => r.GetAttribute("data-employee-id")),
                Does.Contain(session.Admin.Id.ToString()), "the API answered with the refreshed token");
            Assert.That(page.Response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
                Has.Some.StartsWith("harmony.admin="), "the session cookie now holds the new tokens");
        });
    }
}
