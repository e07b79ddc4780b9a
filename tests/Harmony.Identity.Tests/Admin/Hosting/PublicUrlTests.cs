using Microsoft.AspNetCore.WebUtilities;

namespace Harmony.Identity.Tests.Admin.Hosting;

/// <summary>
/// The admin site's absolute URLs come from <c>Admin:PublicBaseUrl</c>, never from the request's <c>Host</c>: the return
/// addresses it gives the identity server at sign-in and sign-out, whatever host the request named; and outside
/// Development it serves only that host and those <c>AllowedHosts</c> adds. Here <c>localhost</c> is such an added host,
/// standing for any name the site answers to besides its public one (a health check's address).
/// </summary>
public sealed class PublicUrlTests
{
    [Test]
    public async Task SignInAndSignOut_GiveTheServerReturnAddressesOnThePublicUrl_WhateverHostTheRequestNamed_AndOtherHostsGet400()
    {
        await using var hosts = AdminSiteHosts.Start(null, new Dictionary<string, string?> { ["AllowedHosts"] = "localhost" });
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var otherHost = $"localhost:{hosts.AdminUrl.Port}";
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = session.Browser.Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = hosts.AdminUrl,
        };

        var signIn = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/sign-in") { Headers = { Host = otherHost } });
        var signOutPage = await session.Browser.GetAsync("/account/sign-out");
        var token = signOutPage.Document.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signOut = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/sign-out")
        {
            Headers = { Host = otherHost },
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        });
        var forged = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/sign-in") { Headers = { Host = "attacker.example" } });

        Assert.Multiple(() =>
        {
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(QueryOf(signIn, "redirect_uri"), Is.EqualTo(new Uri(hosts.AdminUrl, "signin-oidc").ToString()));
            Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(QueryOf(signOut, "post_logout_redirect_uri"), Is.EqualTo(new Uri(hosts.AdminUrl, "signout-callback-oidc").ToString()));
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a host the site does not serve");
        });
    }

    [Test]
    public async Task TheAccessDeniedRedirect_IsRelative_SoAForgedPortIsNotWrittenBack()
    {
        await using var hosts = AdminSiteHosts.Start();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = session.Browser.Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = hosts.AdminUrl,
        };

        // The operators' pages, opened by a representative, with the public host name on another port.
        var denied = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/clients") { Headers = { Host = "127.0.0.1:6666" } });

        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(denied.Headers.Location!.ToString(), Is.EqualTo("/account/not-authorized?ReturnUrl=%2Fclients"));
    }

    [TestCase("https://admin.example.test/admin/")]
    [TestCase("https://admin.example.test/?tenant=1")]
    [TestCase("https://user@admin.example.test/")]
    [TestCase("ftp://admin.example.test/")]
    public void APublicBaseUrl_ThatIsNotAHostsRoot_IsRefusedAtStart(string url)
    {
        using var site = new AdminSiteFactory(LoneAdminSite.Authority, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow),
            new Dictionary<string, string?> { ["Admin:PublicBaseUrl"] = url });

        var refused = Assert.Catch(() => _ = site.Services);
        Assert.That(refused!.ToString(), Does.Contain("Admin:PublicBaseUrl must be an absolute http or https URL of the site's root"));
    }

    private static string? QueryOf(HttpResponseMessage redirect, string name)
    {
        var location = redirect.Headers.Location ?? throw new AssertionException("No Location header.");
        return QueryHelpers.ParseQuery(location.Query).TryGetValue(name, out var value) ? value.ToString() : null;
    }
}
