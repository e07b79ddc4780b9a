using System.Net;
using Harmony.Identity.Tests.Infrastructure;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>The admin site's pages look like the identity server's: the shared stylesheet first, then the site's own.</summary>
public sealed class StylesheetTests : AdminSiteFixture
{
    [Test]
    public async Task Pages_LinkTheSharedStylesheetBeforeTheirOwn_AndBothAreServed()
    {
        using var client = new HttpClient { BaseAddress = hosts.AdminUrl };
        var page = await (await client.GetAsync("/account/signed-out")).ReadHtmlAsync();
        var stylesheets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();

        Assert.That(stylesheets.Select(s => s.Split('?')[0]),
            Is.EqualTo(new[] { "/_content/Harmony.Identity.Web/css/base.css", "/css/site.css" }));
        foreach (var stylesheet in stylesheets)
        {
            var response = await client.GetAsync(stylesheet);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), stylesheet);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"), stylesheet);
        }
    }
}
