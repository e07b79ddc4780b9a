namespace Harmony.Identity.Tests.Robustness;

/// <summary>How the body of a <see cref="FuzzRequest"/> is framed on the wire.</summary>
public enum BodyFraming
{
    /// <summary>A correct <c>Content-Length</c>.</summary>
    ContentLength,

    /// <summary>Correct <c>Transfer-Encoding: chunked</c>.</summary>
    Chunked,

    /// <summary>The mutation wrote the framing headers and bytes itself (<see cref="FuzzRequest.RawBody"/> as is).</summary>
    Raw,
}

/// <summary>
/// A request being assembled (then broken) by the generator. Strings of the request line and headers go on the wire as
/// Latin-1, one byte per char, so a mutation can place any byte there.
/// </summary>
public sealed class FuzzRequest
{
    public required string Method { get; set; }

    public required string Path { get; set; }

    /// <summary>Query parameters, percent-encoded as UTF-8 on the wire; ignored when <see cref="RawQuery"/> is set.</summary>
    public List<KeyValuePair<string, string>> Query { get; } = [];

    /// <summary>The query string exactly as sent (without <c>?</c>).</summary>
    public string? RawQuery { get; set; }

    /// <summary>Form fields, URL-encoded as UTF-8; ignored when <see cref="RawBody"/> is set.</summary>
    public List<KeyValuePair<string, string>> Form { get; } = [];

    public byte[]? RawBody { get; set; }

    public string? ContentType { get; set; }

    public BodyFraming Framing { get; set; } = BodyFraming.ContentLength;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public List<KeyValuePair<string, string>> Cookies { get; } = [];

    public string HttpVersion { get; set; } = "HTTP/1.1";

    /// <summary>Leaves out the <c>Host</c> header that HTTP/1.1 requires.</summary>
    public bool OmitHost { get; set; }

    /// <summary>False when the request breaks a server size limit, so that closing or resetting it unanswered is allowed.</summary>
    public bool WithinLimits { get; set; } = true;

    public bool HasBody => RawBody is not null || Form.Count > 0 || ContentType is not null;

    public static string UrlEncode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    public byte[] BodyBytes() => RawBody ?? Encoding.UTF8.GetBytes(UrlEncode(Form));

    public string Target()
    {
        var query = RawQuery ?? (Query.Count > 0 ? UrlEncode(Query) : null);
        return query is null ? Path : Path + "?" + query;
    }

    /// <summary>The bytes of the whole request, ending with <c>Connection: close</c> so the server closes after answering.</summary>
    public byte[] ToBytes(string host, Random random)
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target()).Append(' ').Append(HttpVersion).Append("\r\n");
        if (!OmitHost && !Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))) head.Append("Host: ").Append(host).Append("\r\n");
        foreach (var (name, value) in Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (Cookies.Count > 0) head.Append("Cookie: ").Append(string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value))).Append("\r\n");
        if (ContentType is not null) head.Append("Content-Type: ").Append(ContentType).Append("\r\n");

        var body = HasBody ? BodyBytes() : [];
        switch (Framing)
        {
            case BodyFraming.ContentLength when HasBody:
                head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
                break;
            case BodyFraming.Chunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                body = Chunk(body, random);
                break;
        }
        head.Append("Connection: close\r\n\r\n");

        var bytes = Encoding.Latin1.GetBytes(head.ToString());
        return [.. bytes, .. body];
    }

    /// <summary>Valid chunked framing with chunks of random sizes.</summary>
    public static byte[] Chunk(byte[] body, Random random)
    {
        var framed = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var size = Math.Min(body.Length - position, random.Next(1, 4096));
            framed.Write(Encoding.ASCII.GetBytes(size.ToString("x") + "\r\n"));
            framed.Write(body, position, size);
            framed.Write("\r\n"u8);
            position += size;
        }
        framed.Write("0\r\n\r\n"u8);
        return framed.ToArray();
    }
}
