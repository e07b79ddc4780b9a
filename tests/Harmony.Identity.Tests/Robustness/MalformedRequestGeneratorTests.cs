namespace Harmony.Identity.Tests.Robustness;

/// <summary>The generator is deterministic per seed and case, and CI's share of cases exercises all of it.</summary>
[Category("Robustness")]
public sealed class MalformedRequestGeneratorTests
{
    private static readonly FuzzCredentials Credentials = new("harmony.antiforgery", "cookie", "token", "access-token");

    [Test]
    public void SameSeedAndCase_GiveTheSameBytes_AndAnotherSeedOtherBytes()
    {
        var first = new MalformedRequestGenerator(42, "127.0.0.1:1", Credentials);
        var again = new MalformedRequestGenerator(42, "127.0.0.1:1", Credentials);
        var other = new MalformedRequestGenerator(43, "127.0.0.1:1", Credentials);

        var cases = Enumerable.Range(0, 50).ToList();
        Assert.That(cases.Select(i => first.Create(FuzzArea.Protocol, i).Bytes), Is.EqualTo(cases.Select(i => again.Create(FuzzArea.Protocol, i).Bytes)));
        Assert.That(cases.Count(i => first.Create(FuzzArea.Protocol, i).Bytes.SequenceEqual(other.Create(FuzzArea.Protocol, i).Bytes)), Is.LessThan(5));
    }

    [TestCase(FuzzArea.Protocol, 1500)]
    [TestCase(FuzzArea.Pages, 1200)]
    [TestCase(FuzzArea.AdminApi, 800)]
    [TestCase(FuzzArea.AdminSite, 800)]
    public void CisShareOfCases_ReachesEveryEndpointWithEveryMutation(FuzzArea area, int ciCases)
    {
        var generator = new MalformedRequestGenerator(20261127, "127.0.0.1:1", Credentials);
        var made = Enumerable.Range(0, ciCases).Select(i => generator.Create(area, i)).ToList();

        var unusedMutations = MalformedRequestGenerator.MutationNames.Where(name => !made.Any(c => c.Mutation.Split(" + ").Contains(name)));
        var unreachedEndpoints = FuzzEndpoints.Of(area).Where(endpoint => !made.Any(c => c.Endpoint == endpoint));
        Assert.That(unusedMutations, Is.Empty);
        Assert.That(unreachedEndpoints, Is.Empty);
    }

    [TestCase("/account/login", true)]
    [TestCase("account/login", true)]
    [TestCase("https://rp.test/callback?code=x", true)]
    [TestCase("//evil.example/", false)]
    [TestCase("/\\evil.example/", false)]
    [TestCase("/\t/evil.example/", false)]
    [TestCase("https://evil.example/", false)]
    [TestCase("https://rp.test.evil.example/callback", false)]
    [TestCase("javascript:alert(1)", false)]
    public void RedirectRule_AllowsOnlyTheServerAndRegisteredRedirects(string location, bool allowed) =>
        Assert.That(ResponseRules.IsOwnOrRegistered(location, new Uri("http://127.0.0.1:5080/")), Is.EqualTo(allowed));

    [Test]
    public void ResponseRules_FlagAServerErrorAReflectedMarkerAndAResetUnderTheLimits()
    {
        var origin = new Uri("http://127.0.0.1:5080/");
        var serverError = new RawResponse(ExchangeEnd.Answered, 500, [], "", null);
        var reflected = new RawResponse(ExchangeEnd.Answered, 400, [], "<p><x-m1></p>", null);
        var reset = new RawResponse(ExchangeEnd.ClosedWithoutAnswer, 0, [], "", "read: ConnectionReset");

        Assert.That(ResponseRules.Broken("<x-m1>", true, serverError, origin), Has.Some.Contains("status 500"));
        Assert.That(ResponseRules.Broken("<x-m1>", true, reflected, origin), Has.Some.Contains("marker"));
        Assert.That(ResponseRules.Broken("<x-m1>", true, reset, origin), Has.Some.Contains("without an answer"));
        Assert.That(ResponseRules.Broken("<x-m1>", false, reset, origin), Is.Empty, "past a size limit, dropping the connection is allowed");
    }
}
