using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>A page as a browser shows it: where it ended up after redirects, its status and its parsed HTML.</summary>
public sealed record AdminSitePage(Uri Uri, HttpStatusCode Status, IHtmlDocument Document, HttpResponseMessage Response)
{
    public string Text(string selector) =>
        Document.QuerySelector(selector)?.TextContent.Trim() ?? throw new AssertionException($"Nothing matches '{selector}' on {Uri}.");

    public string Language => Document.DocumentElement.GetAttribute("lang") ?? "";

    public string BodyText => Document.Body?.TextContent ?? "";
}

/// <summary>
/// A cookie-keeping browser without JavaScript that follows redirects across the admin site and the identity server
/// (both on 127.0.0.1, so, as in a real browser, cookies are shared by host, not port). Forms are read and
/// submitted with their hidden fields (antiforgery tokens included).
/// </summary>
public sealed class AdminSiteBrowser : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient client;

    public AdminSiteBrowser(Uri start)
    {
        Cookies = new CookieContainer();
        client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = true, MaxAutomaticRedirections = 20 })
        {
            BaseAddress = start,
        };
    }

    public CookieContainer Cookies { get; }

    public async Task<AdminSitePage> GetAsync(string pathOrUrl) => await ReadAsync(await client.GetAsync(pathOrUrl));

    /// <summary>One request without following its redirect, to see where it points.</summary>
    public async Task<HttpResponseMessage> GetWithoutRedirectAsync(string pathOrUrl)
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = client.BaseAddress,
        };
        return await noRedirect.GetAsync(pathOrUrl);
    }

    /// <summary>Submits a form of the page (the first POST form, or the one <paramref name="selector"/> finds) with its own fields and these.</summary>
    public async Task<AdminSitePage> SubmitAsync(AdminSitePage page, IDictionary<string, string>? fields = null, string selector = "main form[method=post]")
    {
        var form = page.Document.QuerySelector(selector) as IHtmlFormElement
                   ?? page.Document.QuerySelector("form[method=post]") as IHtmlFormElement
                   ?? throw new AssertionException($"No form matches '{selector}' on {page.Uri}.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    if (input.Type is "submit" or "button" or "image" or "file") break;
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked) break;
                    values.Add(KeyValuePair.Create(input.Name!, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values.Add(KeyValuePair.Create(area.Name!, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values.Add(KeyValuePair.Create(select.Name!, select.Value ?? ""));
                    break;
            }
        }
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(KeyValuePair.Create(name, value));
        }
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Uri : new Uri(page.Uri, action);
        return await ReadAsync(await client.PostAsync(target, new FormUrlEncodedContent(values)));
    }

    /// <summary>Submits a multipart form with one file and the form's hidden fields.</summary>
    public async Task<AdminSitePage> UploadAsync(AdminSitePage page, string fileField, string fileName, byte[] file,
        IDictionary<string, string>? fields = null, string selector = "main form[enctype='multipart/form-data']")
    {
        var form = page.Document.QuerySelector(selector) as IHtmlFormElement
                   ?? throw new AssertionException($"No form matches '{selector}' on {page.Uri}.");
        using var content = new MultipartFormDataContent();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
        {
            content.Add(new StringContent(input.Value), input.Name!);
        }
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) content.Add(new StringContent(value), name);
        content.Add(new ByteArrayContent(file), fileField, fileName);
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Uri : new Uri(page.Uri, action);
        return await ReadAsync(await client.PostAsync(target, content));
    }

    private static async Task<AdminSitePage> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new AdminSitePage(response.RequestMessage!.RequestUri!, response.StatusCode, Parser.ParseDocument(html), response);
    }

    public void Dispose() => client.Dispose();
}
