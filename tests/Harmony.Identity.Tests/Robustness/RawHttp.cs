using System.Net.Sockets;

namespace Harmony.Identity.Tests.Robustness;

/// <summary>How one exchange over a fresh socket ended.</summary>
public enum ExchangeEnd
{
    /// <summary>A status line came back (the server may have closed or reset afterwards).</summary>
    Answered,

    /// <summary>The server closed or reset the connection before sending a single byte.</summary>
    ClosedWithoutAnswer,

    /// <summary>Nothing came back in time.</summary>
    TimedOut,
}

/// <summary>The server's answer as read off the wire: status, headers and the de-chunked body.</summary>
public sealed record RawResponse(ExchangeEnd End, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, string? Error)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => End == ExchangeEnd.Answered
        ? $"{Status} ({Header("Content-Type") ?? "no content type"}{(Header("Location") is { } location ? ", Location: " + location : "")})"
        : $"{End}{(Error is null ? "" : ": " + Error)}";
}

/// <summary>
/// Writes HTTP/1.1 bytes exactly as given to a loopback socket and reads until the server closes, so that requests
/// no HttpClient would send (bad chunk sizes, broken headers) reach Kestrel as they are.
/// </summary>
public static class RawHttp
{
    private const int MaxResponseBytes = 8 * 1024 * 1024;

    public static async Task<RawResponse> SendAsync(IPEndPoint server, byte[] request, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(server, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return new RawResponse(ExchangeEnd.TimedOut, 0, [], "", "connect timed out");
        }

        // Read while writing: the server may answer (and close) before it has read the whole request.
        var received = new MemoryStream();
        var reading = ReadUntilClosedAsync(socket, received, deadline.Token);
        string? writeError = null;
        try
        {
            await socket.SendAsync(request, SocketFlags.None, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            writeError = "write: " + e.Message;
        }

        var readError = await reading;
        var error = readError ?? writeError;
        if (received.Length == 0)
        {
            return new RawResponse(deadline.IsCancellationRequested ? ExchangeEnd.TimedOut : ExchangeEnd.ClosedWithoutAnswer, 0, [], "", error);
        }
        return Parse(received.ToArray(), error);
    }

    /// <summary>Returns the error that ended the read, or null when the server closed cleanly.</summary>
    private static async Task<string?> ReadUntilClosedAsync(Socket socket, MemoryStream into, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (into.Length < MaxResponseBytes)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0) return null;
                into.Write(buffer, 0, read);
            }
            return null;
        }
        catch (OperationCanceledException)
        {
            return "read timed out";
        }
        catch (SocketException e)
        {
            return "read: " + e.SocketErrorCode;
        }
    }

    private static RawResponse Parse(byte[] bytes, string? error)
    {
        var headerEnd = IndexOf(bytes, "\r\n\r\n"u8, 0);
        var head = Encoding.Latin1.GetString(bytes, 0, headerEnd < 0 ? bytes.Length : headerEnd);
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(statusParts[1], out var status))
        {
            return new RawResponse(ExchangeEnd.ClosedWithoutAnswer, 0, [], "", "not an HTTP response: " + lines[0]);
        }

        // An interim answer (100 Continue to an Expect header): the final one follows it.
        if (status is >= 100 and < 200 && headerEnd >= 0 && headerEnd + 4 < bytes.Length) return Parse(bytes[(headerEnd + 4)..], error);

        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts[1].Trim()))
            .ToList();
        var body = headerEnd < 0 ? [] : bytes.AsSpan(headerEnd + 4).ToArray();
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) &&
                                       h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (chunked) body = Dechunk(body);
        return new RawResponse(ExchangeEnd.Answered, status, headers, Encoding.UTF8.GetString(body), error);
    }

    /// <summary>Joins the chunks of a chunked body; a truncated one keeps what arrived.</summary>
    private static byte[] Dechunk(byte[] body)
    {
        var joined = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = IndexOf(body, "\r\n"u8, position);
            if (lineEnd < 0) break;
            var sizeText = Encoding.ASCII.GetString(body, position, lineEnd - position).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size <= 0) break;
            var start = lineEnd + 2;
            var length = Math.Min(size, body.Length - start);
            joined.Write(body, start, length);
            position = start + size + 2;
        }
        return joined.ToArray();
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int from)
    {
        var found = haystack.AsSpan(from).IndexOf(needle);
        return found < 0 ? -1 : from + found;
    }
}
