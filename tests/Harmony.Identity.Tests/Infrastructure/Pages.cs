using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>Reads pages the way a browser would: parses the HTML and fills in forms.</summary>
public static class Pages
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ReadHtmlAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return Parser.ParseDocument(html);
    }

    /// <summary>Submits the page's form (the first, or the one matching <paramref name="selector"/>) with the given fields.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, IHtmlDocument page, Uri pageUri, IDictionary<string, string> fields, string selector = "form[method=post]")
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement
                   ?? throw new AssertionException($"No form matches '{selector}' in the page.");
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is "hidden")
            .Select(i => KeyValuePair.Create(i.Name!, i.Value))
            .ToList();
        values.AddRange(fields);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUri : new Uri(pageUri, form.GetAttribute("action"));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>The stylesheets a page links, in order and without their version, after checking that each is served as CSS.</summary>
    public static async Task<IReadOnlyList<string>> ServedStylesheetsAsync(this HttpClient client, string pagePath)
    {
        var page = await (await client.GetAsync(pagePath)).ReadHtmlAsync();
        var stylesheets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();
        foreach (var stylesheet in stylesheets)
        {
            var response = await client.GetAsync(stylesheet);
            Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), stylesheet);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"), stylesheet);
        }
        return stylesheets.Select(s => s.Split('?')[0]).ToList();
    }

    public static string Text(this IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new AssertionException($"Nothing matches '{selector}'.");
}

public static class UriExtensions
{
    /// <summary>The path of a Location header, whether it is absolute or relative.</summary>
    public static string PathOnly(this Uri uri) =>
        (uri.IsAbsoluteUri ? uri : new Uri(new Uri("http://localhost"), uri)).AbsolutePath;
}
