namespace Harmony.Identity.Tests.Robustness;

/// <summary>
/// One clear request for each cause of the 500s that hostile input used to get (issue 9), sent as raw bytes to the
/// server on Kestrel, and the 4xx each part of the site now answers with.
/// </summary>
[Category("Robustness")]
public sealed class MalformedRequestRegressionTests : KestrelFixture
{
    private const string JapaneseBadRequest = "リクエストを処理できませんでした。アプリからもう一度ログインをやり直してください。";
    private const string EnglishBadRequest = "The request could not be processed. Please start the login again from the app.";
    private const string JapaneseMalformed = "リクエストの形式が正しくないため、処理できませんでした。内容を確認して、もう一度お試しください。";
    private const string EnglishMalformed = "The request is malformed and could not be processed. Check it and try again.";

    private FuzzCredentials credentials = null!;

    [OneTimeSetUp]
    public async Task FetchCredentialsAsync()
    {
        credentials = await FuzzCredentials.FetchAsync(server.BaseUrl);
    }

    [Test]
    public async Task TokenEndpoint_FormWith2000Fields_GetsInvalidRequest()
    {
        var request = Token();
        request.Form.AddRange(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create("f" + i, "v")));

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task IntrospectionEndpoint_FieldNameOf100KB_GetsInvalidRequest()
    {
        var request = Form("/connect/introspect", ("token", "x"));
        request.Form.Add(KeyValuePair.Create(new string('n', 100 * 1024), "v"));

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task RevocationEndpoint_NulInAFormValue_GetsInvalidRequest()
    {
        var request = Form("/connect/revoke", ("client_id", HarmonyAppFactory.SpaClientId), ("token", "abc\0def"));

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task TokenEndpoint_ChunkSizeThatIsNotHex_GetsInvalidRequest()
    {
        var request = Token();
        request.Framing = BodyFraming.Raw;
        request.Headers.Add(KeyValuePair.Create("Transfer-Encoding", "chunked"));
        request.RawBody = Encoding.ASCII.GetBytes("zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n");

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task TokenEndpoint_Utf7Charset_GetsInvalidRequest()
    {
        var request = Token();
        request.ContentType = "application/x-www-form-urlencoded; charset=utf-7";

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task TokenEndpoint_FormContentTypeThatDoesNotParse_GetsInvalidRequest()
    {
        var request = Token();
        request.ContentType = "application/x-www-form-urlencoded;;";

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task AuthorizationEndpoint_HostWithAPortOutOfRange_GetsInvalidRequest()
    {
        var request = new FuzzRequest { Method = "GET", Path = "/connect/authorize" };
        request.Query.Add(KeyValuePair.Create("client_id", HarmonyAppFactory.SpaClientId));
        request.Headers.Add(KeyValuePair.Create("Host", "127.0.0.1:99999"));

        AssertInvalidRequest(await SendAsync(request));
    }

    [Test]
    public async Task UserInfo_WithAClientCredentialsToken_GetsInvalidToken()
    {
        var request = new FuzzRequest { Method = "GET", Path = "/connect/userinfo" };
        request.Headers.Add(KeyValuePair.Create("Authorization", "Bearer " + credentials.AdminAccessToken));

        var response = await SendAsync(request);

        Assert.That(response.Status, Is.EqualTo(401), response.ToString());
        Assert.That(response.Header("WWW-Authenticate"), Does.Contain("invalid_token"));
    }

    [Test]
    public async Task LoginForm_TruncatedMultipartBody_ShowsTheJapaneseErrorPage()
    {
        var request = new FuzzRequest { Method = "POST", Path = "/account/login", ContentType = "multipart/form-data; boundary=xyz" };
        request.RawBody = Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"Input.LoginId\"\r\n\r\nno end");

        var response = await SendAsync(request);

        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(response.Header("Content-Type"), Does.StartWith("text/html"));
        Assert.That(AlertTitle(response), Is.EqualTo(JapaneseBadRequest));
    }

    [Test]
    public async Task LoginForm_Over1024FieldsWithoutAntiforgeryToken_ShowsTheEnglishErrorPage_ToAnEnglishBrowser()
    {
        var request = Form("/account/login", ("Input.LoginId", "someone"), ("Input.Password", "x"));
        request.Form.AddRange(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("f" + i, "v")));
        request.Headers.Add(KeyValuePair.Create("Accept-Language", "en"));

        var response = await SendAsync(request);

        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(AlertTitle(response), Is.EqualTo(EnglishBadRequest));
    }

    [Test]
    public async Task LoginForm_Utf7Charset_ShowsTheErrorPage_Not500()
    {
        var request = Form("/account/login", ("Input.LoginId", "someone"), ("Input.Password", "x"));
        request.ContentType = "application/x-www-form-urlencoded; charset=utf-7";

        var response = await SendAsync(request);

        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(AlertTitle(response), Is.EqualTo(JapaneseBadRequest));
    }

    [Test]
    public async Task LoginForm_WellFormedPostWithoutAntiforgeryToken_IsStillRefusedWith400()
    {
        var response = await SendAsync(Form("/account/login", ("Input.LoginId", "someone"), ("Input.Password", "x")));

        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(AlertTitle(response), Is.EqualTo(JapaneseBadRequest));
    }

    [Test]
    public async Task SendGridWebhook_ChunkSizeThatOverflows_GetsProblemDetails()
    {
        var request = new FuzzRequest { Method = "POST", Path = "/webhooks/sendgrid/events", ContentType = "application/json", Framing = BodyFraming.Raw };
        request.Headers.Add(KeyValuePair.Create("Transfer-Encoding", "chunked"));
        request.RawBody = Encoding.ASCII.GetBytes("FFFFFFFFFFFFFFFFFFFF\r\n[]\r\n0\r\n\r\n");

        AssertProblem(await SendAsync(request), JapaneseMalformed);
    }

    [Test]
    public async Task AdminApi_FormWith2000FieldsAndNoToken_GetsEnglishProblemDetails_EvenToAClientAcceptingOnlyHtml()
    {
        // Without a bearer header, token validation looks for access_token in the form, and used to trip over it.
        var request = new FuzzRequest { Method = "GET", Path = "/api/admin/me", ContentType = "application/x-www-form-urlencoded" };
        request.Form.AddRange(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create("f" + i, "v")));
        request.Headers.Add(KeyValuePair.Create("Accept", "text/html"));
        request.Headers.Add(KeyValuePair.Create("Accept-Language", "en"));

        AssertProblem(await SendAsync(request), EnglishMalformed);
    }

    [Test]
    public async Task AdminApi_JsonInAnUnknownCharset_GetsProblemDetails()
    {
        var request = new FuzzRequest { Method = "POST", Path = "/api/admin/companies", ContentType = "application/json; charset=bogus" };
        request.RawBody = Encoding.UTF8.GetBytes("{\"code\":\"x\",\"nameJa\":\"x\",\"nameEn\":\"x\"}");
        request.Headers.Add(KeyValuePair.Create("Authorization", "Bearer " + credentials.AdminAccessToken));

        AssertProblem(await SendAsync(request), JapaneseMalformed);
    }

    private static FuzzRequest Token() => Form("/connect/token",
        ("grant_type", "client_credentials"), ("client_id", HarmonyAppFactory.ServiceClientId),
        ("client_secret", HarmonyAppFactory.ServiceClientSecret), ("scope", "harmony_admin"));

    private static FuzzRequest Form(string path, params (string Name, string Value)[] fields)
    {
        var request = new FuzzRequest { Method = "POST", Path = path, ContentType = "application/x-www-form-urlencoded" };
        request.Form.AddRange(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return request;
    }

    private Task<RawResponse> SendAsync(FuzzRequest request) => RawHttp.SendAsync(
        new IPEndPoint(IPAddress.Loopback, server.BaseUrl.Port), request.ToBytes(server.BaseUrl.Authority, new Random(1)), TimeSpan.FromSeconds(20));

    private static string? AlertTitle(RawResponse response) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(response.Body).QuerySelector(".alert-title")?.TextContent.Trim();

    private static void AssertInvalidRequest(RawResponse response)
    {
        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(response.Header("Content-Type"), Does.StartWith("application/json"));
        Assert.That(response.Header("Cache-Control"), Is.EqualTo("no-store"));
        using var json = JsonDocument.Parse(response.Body);
        Assert.That(json.RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
        var description = json.RootElement.GetProperty("error_description").GetString();
        Assert.That(description, Is.Not.Empty.And.Matches("^[\\x20-\\x7E]+$"), "error_description must be printable ASCII (RFC 6749 §5.2)");
    }

    private static void AssertProblem(RawResponse response, string detail)
    {
        Assert.That(response.Status, Is.EqualTo(400), response.ToString());
        Assert.That(response.Header("Content-Type"), Does.StartWith("application/problem+json"), response + " " + string.Join(", ", response.Headers) + " " + response.Body);
        using var json = JsonDocument.Parse(response.Body);
        Assert.That(json.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(400));
        Assert.That(json.RootElement.GetProperty("detail").GetString(), Is.EqualTo(detail));
    }
}
