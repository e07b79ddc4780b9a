namespace Harmony.Identity.Tests.Robustness;

/// <summary>One malformed request: where it goes, how it was broken, and the bytes that go on the wire.</summary>
public sealed record FuzzCase(int Seed, FuzzArea Area, int Index, FuzzEndpoint Endpoint, string Mutation, string Marker, bool WithinLimits, byte[] Bytes)
{
    /// <summary>Enough to replay the case: the same seed, area and index give the same bytes.</summary>
    public override string ToString() => $"seed {Seed} {Area} case {Index}: {Endpoint} + {Mutation}";
}

/// <summary>
/// A seeded generator of malformed HTTP/1.1 requests: a well-formed request to one of the server's endpoints, broken by
/// one or two of the mutations below (framing, limits, encodings, content types, credentials, query, cookies, headers).
/// Each case is made from its own <see cref="Random"/> seeded by (seed, area, index), so any case can be replayed alone.
/// </summary>
public sealed class MalformedRequestGenerator(int seed, string host, FuzzCredentials credentials)
{
    private delegate void Mutate(FuzzRequest request, Random random, string marker);

    private sealed record Mutation(string Name, Mutate Apply);

    public int Seed { get; } = seed;

    /// <summary>Names of every mutation the generator knows, to check that a run used them all.</summary>
    public static IReadOnlyList<string> MutationNames => Mutations.Select(m => m.Name).ToList();

    public FuzzCase Create(FuzzArea area, int index)
    {
        var random = new Random(unchecked((Seed * 397 ^ (int)area) * 1_000_003 + index));
        var endpoints = FuzzEndpoints.Of(area);
        var endpoint = endpoints[random.Next(endpoints.Count)];
        var marker = $"<x-fz{Seed:x}a{(int)area}c{index}>";

        var request = WellFormed(endpoint, marker, random);
        var mutation = Mutations[random.Next(Mutations.Count)];
        mutation.Apply(request, random, marker);
        var name = mutation.Name;
        if (random.Next(6) == 0)
        {
            var second = Mutations[random.Next(Mutations.Count)];
            second.Apply(request, random, marker);
            name += " + " + second.Name;
        }
        return new FuzzCase(Seed, area, index, endpoint, name, marker, request.WithinLimits, request.ToBytes(host, random));
    }

    private FuzzRequest WellFormed(FuzzEndpoint endpoint, string marker, Random random)
    {
        var request = new FuzzRequest { Method = endpoint.Method, Path = endpoint.Path };
        var parameters = endpoint.Parameters
            .Select(p => KeyValuePair.Create(p.Name, p.Value.Replace("{marker}", marker).Replace("{token}", credentials.AdminAccessToken)))
            .ToList();
        switch (endpoint.Payload)
        {
            case FuzzPayload.None:
                request.Query.AddRange(parameters);
                break;
            case FuzzPayload.Form:
                request.ContentType = "application/x-www-form-urlencoded";
                request.Form.AddRange(parameters);
                break;
            case FuzzPayload.Json:
                request.ContentType = "application/json";
                var json = "{" + string.Join(",", parameters.Select(p => Json(p.Key) + ":" + Json(p.Value))) + "}";
                request.RawBody = Encoding.UTF8.GetBytes(endpoint.Path.StartsWith("/webhooks", StringComparison.Ordinal) ? "[" + json + "]" : json);
                break;
            case FuzzPayload.Multipart:
                const string boundary = "----harmonyfuzz";
                request.ContentType = "multipart/form-data; boundary=" + boundary;
                request.RawBody = Encoding.UTF8.GetBytes(string.Concat(parameters.Select(p =>
                    $"--{boundary}\r\nContent-Disposition: form-data; name=\"{p.Key}\"; filename=\"employees.csv\"\r\nContent-Type: text/csv\r\n\r\n{p.Value}\r\n"))
                    + $"--{boundary}--\r\n");
                break;
        }

        var withCredentials = random.Next(2) == 0;
        switch (endpoint.Credential)
        {
            case FuzzCredential.Antiforgery when withCredentials:
                request.Cookies.Add(KeyValuePair.Create(credentials.AntiforgeryCookieName, credentials.AntiforgeryCookieValue));
                request.Form.Add(KeyValuePair.Create("__RequestVerificationToken", credentials.AntiforgeryFormToken));
                break;
            case FuzzCredential.ClientBasic:
                request.Headers.Add(Basic(HarmonyAppFactory.ServiceClientId + ":" + HarmonyAppFactory.ServiceClientSecret));
                break;
            case FuzzCredential.Bearer when withCredentials:
                request.Headers.Add(KeyValuePair.Create("Authorization", "Bearer " + credentials.AdminAccessToken));
                break;
        }
        if (random.Next(3) == 0) request.Headers.Add(KeyValuePair.Create("Accept", random.Next(2) == 0 ? "text/html" : "application/json"));
        return request;
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static KeyValuePair<string, string> Basic(string credentials) => Basic(Encoding.UTF8.GetBytes(credentials));

    private static KeyValuePair<string, string> Basic(byte[] credentials) =>
        KeyValuePair.Create("Authorization", "Basic " + Convert.ToBase64String(credentials));

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static string Repeat(char c, int count) => new(c, count);

    /// <summary>Gives a bodiless request a form body, so body mutations apply to every endpoint.</summary>
    private static void EnsureForm(FuzzRequest request, string marker)
    {
        request.ContentType ??= "application/x-www-form-urlencoded";
        if (request.Form.Count == 0 && request.RawBody is null) request.Form.Add(KeyValuePair.Create("field", marker));
    }

    /// <summary>Makes the body URL-encoded form fields (dropping a raw body), with at least one field.</summary>
    private static void FormBody(FuzzRequest request, string marker)
    {
        request.RawBody = null;
        request.ContentType = "application/x-www-form-urlencoded";
        if (request.Form.Count == 0) request.Form.Add(KeyValuePair.Create("field", marker));
    }

    /// <summary>The request's parameters, wherever it carries them (form or query).</summary>
    private static List<KeyValuePair<string, string>> Parameters(FuzzRequest request) =>
        request.Form.Count > 0 ? request.Form : request.Query;

    /// <summary>Replaces the body with raw bytes and framing written by the mutation.</summary>
    private static void RawFraming(FuzzRequest request, string marker, string framingHeaders, Func<byte[], byte[]> frame)
    {
        EnsureForm(request, marker);
        var body = request.BodyBytes();
        foreach (var header in framingHeaders.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = header.Split(": ", 2);
            request.Headers.Add(KeyValuePair.Create(parts[0], parts[1]));
        }
        request.Framing = BodyFraming.Raw;
        request.RawBody = frame(body);
    }

    private static byte[] Concat(params object[] parts) =>
        parts.SelectMany(p => p as byte[] ?? Encoding.Latin1.GetBytes((string)p)).ToArray();

    private static readonly string[] ForeignUrls =
    [
        "//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example/", "\\\\evil.example", "http:evil.example",
        "javascript:alert(1)", " //evil.example/", "/%2F%2Fevil.example", "%2F%2Fevil.example", "/\r\nLocation: https://evil.example/",
        "https://rp.test.evil.example/callback", "https://rp.test/callback/../../evil", "/%09/evil.example", "data:text/html,x",
    ];

    private static readonly string[] OddContentTypes =
    [
        "application/x-www-form-urlencoded;;", "application/x-www-form-urlencoded; charset=utf-7", "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=bogus", "application/x-www-form-urlencoded; charset=\"", "application/x-www-form-urlencoded; =",
        "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded, text/html", "application/x-www-form-urlencodedx",
        "application/x-www-form-urlencoded; charset=utf-8; charset=latin1", "multipart/form-data", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"", "multipart/mixed; boundary=x", "text/plain", "application/json", "application/json; charset=utf-7",
        "*/*", "", ";", "application/x-www-form-urlencoded; charset=utf-32BE", "application/x-www-form-urlencoded\u00ff",
    ];

    private static readonly Mutation[] MutationTable =
    [
        // Form bodies: the limits of the form reader and what it decodes.
        new("form with 2,000 fields", (r, random, m) =>
        {
            FormBody(r, m);
            r.Form.AddRange(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create("f" + i, i % 97 == 0 ? m : "v")));
        }),
        new("form with 1,000 fields", (r, random, m) =>
        {
            FormBody(r, m);
            r.Form.AddRange(Enumerable.Range(0, 1000).Select(i => KeyValuePair.Create("f" + i, "v")));
        }),
        new("form field with a 100 KB name", (r, random, m) =>
        {
            FormBody(r, m);
            r.Form.Add(KeyValuePair.Create(m + Repeat('n', 100 * 1024), "v"));
        }),
        new("form field with a 200 KB value", (r, random, m) =>
        {
            FormBody(r, m);
            var fields = r.Form;
            var i = random.Next(fields.Count);
            fields[i] = KeyValuePair.Create(fields[i].Key, m + Repeat('v', 200 * 1024));
        }),
        new("form field with a 5 MB value", (r, random, m) =>
        {
            FormBody(r, m);
            r.Form.Add(KeyValuePair.Create("big", Repeat('v', 5 * 1024 * 1024)));
        }),
        new("duplicated parameters", (r, random, m) =>
        {
            var parameters = Parameters(r);
            foreach (var parameter in parameters.ToList())
            {
                for (var copies = random.Next(1, 4); copies > 0; copies--) parameters.Add(KeyValuePair.Create(parameter.Key, parameter.Value + m));
            }
        }),
        new("NUL and control characters in values", (r, random, m) =>
        {
            var parameters = Parameters(r);
            if (parameters.Count == 0) parameters.Add(KeyValuePair.Create("x", m));
            var i = random.Next(parameters.Count);
            parameters[i] = KeyValuePair.Create(parameters[i].Key, Pick(random, "\0", "a\0b", "\r\n", "\t\u0001\u007f", "\u202e\ufeff", m + "\0") + parameters[i].Value);
        }),
        new("raw NUL bytes in the form body", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.RawBody = Concat(r.BodyBytes(), "&a=\0\0&\0=b&c\0d=" + m);
        }),
        new("broken percent-encoding in the form body", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.RawBody = Concat(Pick(random, "%", "a=%", "a=%zz", "%zz=b", "a=%C3%28", "%FF%FE=%E0%80", "a=%ED%A0%80", "a=%%%") + "&", r.BodyBytes());
        }),
        new("invalid UTF-8 bytes in the form body", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.RawBody = Concat(r.BodyBytes(), "&x=", new byte[] { 0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80 }, "&", new byte[] { 0xC0, 0xAF }, "=y");
        }),
        new("empty keys and values", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.RawBody = Concat(Pick(random, "=&&==&=x&", "&&&&", "abc&def&", "=", "&=&=&=") , r.BodyBytes());
        }),
        new("odd content type", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.ContentType = Pick(random, OddContentTypes);
        }),
        new("content type without a body", (r, random, m) =>
        {
            r.Form.Clear();
            r.RawBody = [];
            r.ContentType = Pick(random, "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json");
        }),
        new("multipart with a 200-character boundary", (r, random, m) =>
        {
            var boundary = Repeat('b', 200);
            r.ContentType = "multipart/form-data; boundary=" + boundary;
            r.RawBody = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n{m}\r\n--{boundary}--\r\n");
        }),
        new("multipart whose body is not multipart", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.ContentType = "multipart/form-data; boundary=xyz";
            r.RawBody = Concat(Pick(random, "garbage", "--xyz\r\n", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "--xyz--"), r.BodyBytes());
        }),
        new("multipart with 2,000 parts", (r, random, m) =>
        {
            r.ContentType = "multipart/form-data; boundary=p";
            r.RawBody = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i =>
                $"--p\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nv\r\n")) + "--p--\r\n");
        }),
        new("multipart part with 20 KB of headers", (r, random, m) =>
        {
            r.ContentType = "multipart/form-data; boundary=h";
            r.RawBody = Encoding.UTF8.GetBytes($"--h\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Junk: {Repeat('j', 20 * 1024)}\r\n\r\n{m}\r\n--h--\r\n");
        }),
        new("multipart part without a name", (r, random, m) =>
        {
            r.ContentType = "multipart/form-data; boundary=n";
            r.RawBody = Encoding.UTF8.GetBytes(Pick(random,
                "--n\r\n\r\nv\r\n--n--\r\n", "--n\r\nContent-Disposition: form-data\r\n\r\nv\r\n--n--\r\n",
                "--n\r\nContent-Disposition: attachment; filename=\"" + m + "\"\r\n\r\nv\r\n--n--\r\n",
                "--n\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + Repeat('f', 5000) + "\"\r\n\r\nv\r\n--n--\r\n"));
        }),
        new("malformed JSON", (r, random, m) =>
        {
            r.ContentType = Pick(random, "application/json", "application/json; charset=utf-7", "application/json; charset=bogus", "text/json");
            r.RawBody = Concat(Pick(random, "{", "{\"code\":", "[", Repeat('[', 5000), "{\"code\":1e999999}", "null", "[]", "\"x\"",
                "{\"companyId\":\"not-a-guid\"}", "{\"redirectUris\":\"not-a-list\"}", "\ufeff{}", "{\"a\":\"\\ud800\"}",
                "{\"email\":\"" + m + "\"}", "{\"policy\":{\"lockoutThreshold\":-99999999999}}", "{\"code\":\"" + Repeat('c', 100_000) + "\"}"));
            if (random.Next(4) == 0) r.RawBody = Concat(r.RawBody, new byte[] { 0xFF, 0xFE });
        }),

        // Framing of the body.
        new("valid chunked body", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.Framing = BodyFraming.Chunked;
        }),
        new("chunk size that is not hex", (r, random, m) =>
            RawFraming(r, m, "Transfer-Encoding: chunked", body => Concat(Pick(random, "zz", "0x10", " 5", "5 5", "g"), "\r\n", body, "\r\n0\r\n\r\n"))),
        new("chunk size that overflows", (r, random, m) =>
            RawFraming(r, m, "Transfer-Encoding: chunked", body => Concat(Pick(random, "FFFFFFFFFFFFFFFFFFFF", "7FFFFFFFFFFFFFFF", "-5", "80000000"), "\r\n", body, "\r\n0\r\n\r\n"))),
        new("chunk without its CRLF", (r, random, m) =>
            RawFraming(r, m, "Transfer-Encoding: chunked", body => Concat(body.Length.ToString("x"), "\r\n", body, "XX0\r\n\r\n"))),
        new("chunk with a 20 KB extension", (r, random, m) =>
            RawFraming(r, m, "Transfer-Encoding: chunked", body => Concat(body.Length.ToString("x"), ";", Repeat('e', 20 * 1024), "\r\n", body, "\r\n0\r\n\r\n"))),
        new("both Content-Length and chunked", (r, random, m) =>
            RawFraming(r, m, $"Content-Length: 3\r\nTransfer-Encoding: chunked", body => PlainChunked(body))),
        new("Content-Length that is not a number", (r, random, m) =>
            RawFraming(r, m, "Content-Length: " + Pick(random, "abc", "-1", "1e3", "0x10", "99999999999999999999", " 5 5"), body => body)),
        new("two different Content-Lengths", (r, random, m) =>
            RawFraming(r, m, "Content-Length: 1\r\nContent-Length: 2", body => body)),
        new("Content-Length shorter than the body", (r, random, m) =>
            RawFraming(r, m, "Content-Length: 4", body => body)),
        new("unsupported Transfer-Encoding", (r, random, m) =>
            RawFraming(r, m, "Transfer-Encoding: " + Pick(random, "gzip", "chunked, gzip", "identity", "foo", "chunked;q=1"), body => body)),
        new("Content-Length over the server's body limit", (r, random, m) =>
        {
            RawFraming(r, m, "Content-Length: 50000000", body => body);
            r.WithinLimits = false;
        }),

        // Client credentials and tokens.
        new("Basic credentials that are not base64", (r, random, m) => SetAuthorization(r, "Basic " + Pick(random, "!!!***", "dGVzdA", "====", "%%", m))),
        new("Basic credentials without a colon", (r, random, m) => SetAuthorization(r, Basic(HarmonyAppFactory.ServiceClientId).Value)),
        new("Basic credentials of 16 KB", (r, random, m) => SetAuthorization(r, Basic(Repeat('a', 12 * 1024) + ":" + Repeat('b', 100)).Value)),
        new("empty Basic credentials", (r, random, m) => SetAuthorization(r, Pick(random, "Basic", "Basic ", "Basic Og==", "Basic " + Convert.ToBase64String(":x"u8.ToArray())))),
        new("Basic credentials with invalid UTF-8 and escapes", (r, random, m) => SetAuthorization(r, Pick(random,
            Basic(new byte[] { 0xFF, 0xFE, 0x3A, 0xFF }).Value, Basic("%zz:%00").Value, Basic("test-service:%").Value, Basic(m + ":" + m).Value))),
        new("Basic credentials and form credentials at once", (r, random, m) =>
        {
            SetAuthorization(r, Basic(HarmonyAppFactory.ServiceClientId + ":" + HarmonyAppFactory.ServiceClientSecret).Value);
            EnsureForm(r, m);
            r.Form.Add(KeyValuePair.Create("client_id", HarmonyAppFactory.WebClientId));
            r.Form.Add(KeyValuePair.Create("client_secret", HarmonyAppFactory.WebClientSecret));
        }),
        new("junk bearer token", (r, random, m) => SetAuthorization(r, "Bearer " + Pick(random,
            "junk", m, "a.b.c", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "eyJ" + Repeat('A', 300), "..", " ", "%00"))),
        new("bearer token of 20 KB", (r, random, m) => SetAuthorization(r, "Bearer " + Repeat('t', 20 * 1024))),
        new("odd authorization scheme", (r, random, m) => SetAuthorization(r, Pick(random,
            "NTLM TlRMTVNTUAABAAAA", "Negotiate x", "Digest username=\"x\"", "Bearer", "bearer x", "BASIC dGVzdDp0ZXN0", m))),
        new("two Authorization headers", (r, random, m) =>
        {
            r.Headers.Add(KeyValuePair.Create("Authorization", "Bearer junk"));
            r.Headers.Add(Basic(HarmonyAppFactory.ServiceClientId + ":" + HarmonyAppFactory.ServiceClientSecret));
        }),
        new("access token in the query and the header", (r, random, m) =>
        {
            r.Query.Add(KeyValuePair.Create("access_token", "junk" + m));
            SetAuthorization(r, "Bearer junk");
        }),

        // The request line: query, path, method, version.
        new("duplicated query parameters", (r, random, m) =>
        {
            foreach (var parameter in r.Query.ToList()) r.Query.Add(KeyValuePair.Create(parameter.Key, m));
            r.Query.Add(KeyValuePair.Create("client_id", "x"));
            r.Query.Add(KeyValuePair.Create("client_id", "y"));
        }),
        new("broken percent-encoding in the query", (r, random, m) =>
            r.RawQuery = Pick(random, "%", "%zz=1", "a=%C3%28", "a=%00", "a=%FF%FE", "%%%%", "a=%ED%A0%80") + "&" + FuzzRequest.UrlEncode(r.Query)),
        new("empty query pieces", (r, random, m) => r.RawQuery = Pick(random, "&&&==&=&", "=", "?", "??a=b", "a&a&a") + "&" + FuzzRequest.UrlEncode(r.Query)),
        new("query of 6 KB", (r, random, m) => r.Query.Add(KeyValuePair.Create("q", m + Repeat('q', 6 * 1024)))),
        new("query with a 100 KB name", (r, random, m) =>
        {
            r.Query.Add(KeyValuePair.Create(Repeat('n', 100 * 1024), "v"));
            r.WithinLimits = false;
        }),
        new("raw bytes in the request target", (r, random, m) =>
            r.RawQuery = Pick(random, "a=\u00e9", "a=\u00ff\u00fe", "a=b c", "a=\u0001", "a=<>\"{}|^`", "a=" + m)),
        new("foreign return URL", (r, random, m) =>
        {
            // The endpoint's own return parameter if it has one, so that the URL reaches the code that follows it.
            var names = new[] { "ReturnUrl", "returnUrl", "redirect_uri", "post_logout_redirect_uri" };
            var parameters = Parameters(r);
            var name = parameters.Select(p => p.Key).FirstOrDefault(names.Contains) ?? Pick(random, names);
            parameters.RemoveAll(p => p.Key == name);
            parameters.Add(KeyValuePair.Create(name, Pick(random, ForeignUrls)));
        }),
        new("odd path", (r, random, m) => r.Path = Pick(random,
            r.Path + "/", r.Path.Replace("/", "//"), r.Path.ToUpperInvariant(), r.Path + ";x=1", r.Path + "%00", r.Path + "/%2e%2e/",
            r.Path + "%20", r.Path + "/" + Uri.EscapeDataString(m), "/%2e%2e" + r.Path, r.Path + ".json", r.Path.Replace("/", "%2F"))),
        new("odd method", (r, random, m) => r.Method = Pick(random, "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "PROPFIND", "FOO", "get")),
        new("HTTP/1.0", (r, random, m) => r.HttpVersion = "HTTP/1.0"),

        // Cookies and other headers.
        new("junk antiforgery cookie", (r, random, m) =>
        {
            r.Cookies.Add(KeyValuePair.Create("harmony.antiforgery", Pick(random, "junk", m, "CfDJ8" + Repeat('A', 200), "")));
            EnsureForm(r, m);
            r.Form.Add(KeyValuePair.Create("__RequestVerificationToken", Pick(random, "junk", "CfDJ8", m)));
        }),
        new("junk session cookies", (r, random, m) =>
        {
            r.Cookies.Add(KeyValuePair.Create(Pick(random, ".AspNetCore.Identity.Application", "Identity.TwoFactorUserId", "Identity.External", "harmony.pending"),
                Pick(random, "junk", "CfDJ8" + Repeat('A', 500), m, "%zz")));
            r.Cookies.Add(KeyValuePair.Create(".AspNetCore.Culture", Pick(random, "c=" + m + "|uic=" + m, "c=xx|uic=zz-ZZ", "|||", "c=ja")));
        }),
        new("cookie of 16 KB", (r, random, m) => r.Cookies.Add(KeyValuePair.Create("big", Repeat('c', 16 * 1024)))),
        new("300 cookies", (r, random, m) => r.Cookies.AddRange(Enumerable.Range(0, 300).Select(i => KeyValuePair.Create("c" + i, "v")))),
        new("malformed cookie header", (r, random, m) => r.Headers.Add(KeyValuePair.Create("Cookie", Pick(random,
            "=;;=;a;;b=;%zz=%zz", "\"", "a=\"unterminated", ";;;;", "harmony.antiforgery", m)))),
        new("junk Accept-Language", (r, random, m) => r.Headers.Add(KeyValuePair.Create("Accept-Language", Pick(random,
            m + ";q=x, ja;q=999, *;q=-1", "zz-ZZ-x-private", ";;;", "en;q=", Repeat('a', 8 * 1024), "ja-JP-u-ca-japanese, x")))),
        new("junk Accept", (r, random, m) => r.Headers.Add(KeyValuePair.Create("Accept", Pick(random,
            "application/json;q=abc, */*;;", "text/html;q=2", "/", "*", m)))),
        new("header of 20 KB", (r, random, m) => r.Headers.Add(KeyValuePair.Create("X-Junk", Repeat('h', 20 * 1024)))),
        new("headers over the server's limit", (r, random, m) =>
        {
            r.Headers.Add(KeyValuePair.Create("X-Junk", Repeat('h', 40 * 1024)));
            r.WithinLimits = false;
        }),
        new("invalid Host header", (r, random, m) =>
        {
            r.Headers.Add(KeyValuePair.Create("Host", Pick(random, m, "a b", "127.0.0.1:99999", "", "[::1", "\u00e9")));
        }),
        new("no Host header", (r, random, m) => r.OmitHost = true),
        new("forwarding headers", (r, random, m) =>
        {
            r.Headers.Add(KeyValuePair.Create("X-Forwarded-Host", "evil.example"));
            r.Headers.Add(KeyValuePair.Create("X-Forwarded-Proto", Pick(random, "https", "javascript", m)));
            r.Headers.Add(KeyValuePair.Create("X-Original-URL", "/api/admin/clients"));
        }),
        new("Internet Explorer user agent", (r, random, m) => r.Headers.Add(KeyValuePair.Create("User-Agent",
            Pick(random, "Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko", "MSIE " + m, Repeat('u', 4000))))),
        new("Content-Encoding that is not applied", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.Headers.Add(KeyValuePair.Create("Content-Encoding", Pick(random, "gzip", "br", "deflate, gzip", "x")));
        }),
        new("Expect header", (r, random, m) =>
        {
            EnsureForm(r, m);
            r.Headers.Add(KeyValuePair.Create("Expect", Pick(random, "100-continue", "bogus", "100-continue, x")));
        }),
    ];

    private static IReadOnlyList<Mutation> Mutations => MutationTable;

    private static void SetAuthorization(FuzzRequest request, string value)
    {
        request.Headers.RemoveAll(h => h.Key == "Authorization");
        request.Headers.Add(KeyValuePair.Create("Authorization", value));
    }

    private static byte[] PlainChunked(byte[] body) => Concat(body.Length.ToString("x"), "\r\n", body, "\r\n0\r\n\r\n");
}
