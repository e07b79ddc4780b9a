// Load generator of bench/signin.sh: full sign-ins of the demo employee through the development app (code + PKCE).
// Each sign-in is a new browser (its own cookies) on a kept-alive connection: authorize -> login page -> POST the
// password -> authorize again -> code -> token (without the browser's cookies: the app's back end redeems the code).
// It runs on the same cores as the server, so it is written to cost little: one HttpClient per worker, no cookie
// container, no redirects followed. After the warm-up it counts the sign-ins finished inside the measured window and
// prints one line: sign-ins/s, p50 ms, p99 ms, server CPU ms per sign-in, peak server RSS in MB, failed sign-ins, and
// its own CPU ms per sign-in.
//   SignInLoad PORT SERVER_PID WARMUP_SECONDS DURATION_SECONDS CONCURRENCY
// With SIGNIN_DEBUG=1 it also prints why each failed sign-in failed. With SIGNIN_STEPS=1 and CONCURRENCY 1 it prints, on
// standard error, the server's CPU per request of each step, averaged over the measured sign-ins.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var pid = int.Parse(args[1], CultureInfo.InvariantCulture);
var warmup = TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture));
var duration = TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture));
var concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);

var clock = Stopwatch.StartNew();
var measureFrom = warmup;
var measureTo = warmup + duration;
var latencies = new List<double>();
var failures = 0;
var peakRss = 0.0;

Steps.ServerPid = pid;
var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    using var client = new HttpClient(new SocketsHttpHandler
    {
        UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 1, UseProxy = false,
    }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    while (clock.Elapsed < measureTo)
    {
        var began = clock.Elapsed;
        bool ok;
        try { await SignIn.RunAsync(client); ok = true; }
        catch (Exception e) { ok = false; if (Environment.GetEnvironmentVariable("SIGNIN_DEBUG") is not null) Console.Error.WriteLine(e.Message); }
        var ended = clock.Elapsed;
        Steps.Measuring = ended >= measureFrom;
        if (began < measureFrom || ended > measureTo) continue;
        lock (latencies)
        {
            if (ok) latencies.Add((ended - began).TotalMilliseconds);
            else failures++;
        }
    }
})).ToList();

var memory = Task.Run(async () =>
{
    while (clock.Elapsed < measureTo)
    {
        peakRss = Math.Max(peakRss, Proc.RssMb(pid));
        await Task.Delay(200);
    }
});

var untilMeasured = measureFrom - clock.Elapsed;
if (untilMeasured > TimeSpan.Zero) await Task.Delay(untilMeasured);
var serverBefore = Proc.CpuTicks(pid);
var ownBefore = Proc.CpuTicks(Environment.ProcessId);
var wait = measureTo - clock.Elapsed;
if (wait > TimeSpan.Zero) await Task.Delay(wait);
var serverAfter = Proc.CpuTicks(pid);
var ownAfter = Proc.CpuTicks(Environment.ProcessId);
await Task.WhenAll(workers.Append(memory));

latencies.Sort();
var count = latencies.Count;
double Quantile(double q) => count == 0 ? 0 : latencies[Math.Min(count - 1, (int)(q * count))];
double MsPerSignIn(long ticks) => ticks * 1000.0 / Proc.TicksPerSecond / Math.Max(count, 1);
Steps.Print();
Console.WriteLine(FormattableString.Invariant(
    $"{count / duration.TotalSeconds:F1} {Quantile(0.5):F0} {Quantile(0.99):F0} {MsPerSignIn(serverAfter - serverBefore):F1} {peakRss:F0} {failures} {MsPerSignIn(ownAfter - ownBefore):F1}"));

static class SignIn
{
    private const string Client = "harmony-dev", Redirect = "http://127.0.0.1:4401/callback";
    private const string LoginId = "demo-employee", Password = "Harmony#Demo2026";
    private static readonly Regex FormToken = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"", RegexOptions.Compiled);

    public static async Task RunAsync(HttpClient client)
    {
        var cookies = new Dictionary<string, string>();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(36));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize?" + Form(
            ("client_id", Client), ("response_type", "code"), ("scope", "openid profile"), ("redirect_uri", Redirect),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
            ("state", Convert.ToHexString(RandomNumberGenerator.GetBytes(8))), ("nonce", Convert.ToHexString(RandomNumberGenerator.GetBytes(8))));

        var (status, location, _) = await Steps.TimeAsync("authorize", () => SendAsync(client, cookies, HttpMethod.Get, authorize));
        Expect(status == HttpStatusCode.Found && location is not null, "authorize");
        var login = Relative(location!);
        (status, _, var page) = await Steps.TimeAsync("login page", () => SendAsync(client, cookies, HttpMethod.Get, login));
        Expect(status == HttpStatusCode.OK, "login page");
        var token = FormToken.Match(page).Groups[1].Value;
        (status, location, _) = await Steps.TimeAsync("login POST", () => SendAsync(client, cookies, HttpMethod.Post, login,
            Form(("Input.LoginId", LoginId), ("Input.Password", Password), ("__RequestVerificationToken", WebUtility.HtmlDecode(token)))));
        Expect(status == HttpStatusCode.Found && location is not null, "login");
        (status, location, _) = await Steps.TimeAsync("authorize again", () => SendAsync(client, cookies, HttpMethod.Get, Relative(location!)));
        Expect(status == HttpStatusCode.Found && location?.StartsWith(Redirect, StringComparison.Ordinal) == true, $"authorize again {status} {location}");
        var code = Query(location!, "code");
        // The app redeems the code from its own back end: the browser's cookies do not come along.
        (status, _, var body) = await Steps.TimeAsync("token", () => SendAsync(client, [], HttpMethod.Post, "/connect/token",
            Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Redirect), ("client_id", Client), ("code_verifier", verifier))));
        Expect(status == HttpStatusCode.OK && body.Contains("\"id_token\"", StringComparison.Ordinal), "token");
    }

    private static async Task<(HttpStatusCode, string?, string)> SendAsync(HttpClient client, Dictionary<string, string> cookies,
        HttpMethod method, string target, string? form = null)
    {
        using var request = new HttpRequestMessage(method, target);
        request.Headers.TryAddWithoutValidation("Accept-Language", "ja");
        if (cookies.Count > 0) request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        if (form is not null) request.Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';', 2)[0];
                var equals = pair.IndexOf('=');
                if (equals > 0) cookies[pair[..equals]] = pair[(equals + 1)..];
            }
        }
        var location = response.Headers.Location?.OriginalString;
        return (response.StatusCode, location, text);
    }

    private static void Expect(bool condition, string step)
    {
        if (!condition) throw new InvalidOperationException(step);
    }

    private static string Relative(string location) =>
        location.StartsWith('/') ? location : new Uri(location).PathAndQuery;

    private static string Query(string location, string name) =>
        new Uri(location).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).Single();

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>SIGNIN_STEPS=1: the server's CPU ticks around each request, by step (meaningful with one sign-in at a time).</summary>
static class Steps
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("SIGNIN_STEPS") == "1";
    private static readonly Dictionary<string, (long Ticks, int Count)> Totals = [];
    public static int ServerPid;
    public static bool Measuring;

    public static async Task<T> TimeAsync<T>(string step, Func<Task<T>> send)
    {
        if (!Enabled || !Measuring) return await send();
        var before = Proc.CpuTicks(ServerPid);
        var result = await send();
        var spent = Proc.CpuTicks(ServerPid) - before;
        lock (Totals) Totals[step] = Totals.TryGetValue(step, out var t) ? (t.Ticks + spent, t.Count + 1) : (spent, 1);
        return result;
    }

    public static void Print()
    {
        foreach (var (step, (ticks, count)) in Totals)
            Console.Error.WriteLine(FormattableString.Invariant($"{step}: {ticks * 1000.0 / Proc.TicksPerSecond / count:F2} ms server CPU ({count} requests)"));
    }
}

static class Proc
{
    public const int TicksPerSecond = 100; // USER_HZ on Linux

    public static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        return 0;
    }
}
