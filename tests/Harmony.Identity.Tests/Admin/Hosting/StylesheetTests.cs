namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site's pages look like the identity server's: the shared stylesheet first, then the site's own.</summary>
public sealed class StylesheetTests : AdminSiteFixture
{
    [Test]
    public async Task Pages_LinkTheSharedStylesheetBeforeTheirOwn_AndBothAreServed()
    {
        using var client = new HttpClient { BaseAddress = hosts.AdminUrl };

        var stylesheets = await client.ServedStylesheetsAsync("/account/signed-out");

        Assert.That(stylesheets, Is.EqualTo(new[] { "/_content/Harmony.Identity.Web/css/base.css", "/css/site.css" }));
    }
}
