using Harmony.Identity.Server.Features.SignIn;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>The tests' RFC 6238 function and the server's, both against RFC 6238 Appendix B (SHA-1 rows).</summary>
public sealed class TestTotpTests
{
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    private static readonly object[] Vectors =
    [
        new object[] { 59L, "94287082" },
        new object[] { 1111111109L, "07081804" },
        new object[] { 1111111111L, "14050471" },
        new object[] { 1234567890L, "89005924" },
        new object[] { 2000000000L, "69279037" },
        new object[] { 20000000000L, "65353130" },
    ];

    [TestCaseSource(nameof(Vectors))]
    public void TheTestFunction_GivesTheRfcCode(long unixSeconds, string expected) =>
        Assert.That(TestTotp.Code(RfcKey, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8), Is.EqualTo(expected));

    [TestCaseSource(nameof(Vectors))]
    public void TheServer_GivesTheLastSixDigitsOfTheRfcCode(long unixSeconds, string expected) =>
        Assert.That(Totp.Code(RfcKey, Totp.TimeStepOf(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))), Is.EqualTo(expected[^6..]));

    [Test]
    public void Base32_RoundTrips_AsAppsReadIt()
    {
        // RFC 4648 §10: "foobar" is MZXW6YTBOI (padding dropped, as authenticator apps take keys).
        Assert.That(Totp.ToBase32("foobar"u8), Is.EqualTo("MZXW6YTBOI"));
        Assert.That(TestTotp.FromBase32("mzxw 6ytb oi"), Is.EqualTo("foobar"u8.ToArray()));
        var key = Totp.NewKey();
        Assert.That(Totp.FromBase32(Totp.ToBase32(key)), Is.EqualTo(key));
    }

    [Test]
    public void TheServer_AcceptsOneStepEitherSide_AndNoMore()
    {
        var key = Totp.NewKey();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        Assert.That(Totp.MatchingStep(key, TestTotp.Code(key, now - TimeSpan.FromSeconds(30)), now), Is.EqualTo(Totp.TimeStepOf(now) - 1));
        Assert.That(Totp.MatchingStep(key, TestTotp.Code(key, now + TimeSpan.FromSeconds(30)), now), Is.EqualTo(Totp.TimeStepOf(now) + 1));
        var twoBack = TestTotp.Code(key, now - TimeSpan.FromSeconds(60));
        var nearby = new[] { -30, 0, 30 }.Select(s => TestTotp.Code(key, now + TimeSpan.FromSeconds(s)));
        if (!nearby.Contains(twoBack)) Assert.That(Totp.MatchingStep(key, twoBack, now), Is.Null, "two steps back is outside the tolerance");
    }
}
