using Harmony.Identity.Server.Hosting;

namespace Harmony.Identity.Tests.Hosting;

/// <summary>The key of the per-address bounds (decision 0034): an IPv4 address, or an IPv6 client's /64.</summary>
public sealed class ClientNetworksTests
{
    [TestCase("203.0.113.7", "203.0.113.7")]
    [TestCase("::ffff:203.0.113.7", "203.0.113.7")]
    [TestCase("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [TestCase("2001:db8:1:2::1", "2001:db8:1:2::")]
    [TestCase("fe80::1%3", "fe80::")]
    [TestCase("::1", "::")]
    public void TheKey_IsTheIPv4Address_OrTheIPv6Network(string address, string key) =>
        Assert.That(ClientNetworks.KeyOf(IPAddress.Parse(address)), Is.EqualTo(IPAddress.Parse(key)));

    [Test]
    public void AddressesOfOneIPv6Network_ShareAKey_AndNeighbouringNetworksDoNot()
    {
        var first = ClientNetworks.KeyOf(IPAddress.Parse("2001:db8:1:2::1"));

        Assert.Multiple(() =>
        {
            Assert.That(ClientNetworks.KeyOf(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff")), Is.EqualTo(first));
            Assert.That(ClientNetworks.KeyOf(IPAddress.Parse("2001:db8:1:3::1")), Is.Not.EqualTo(first));
            Assert.That(ClientNetworks.KeyOf(IPAddress.Parse("2001:db8:1:2::1")).GetHashCode(), Is.EqualTo(first.GetHashCode()),
                "equal keys hash alike, so a limiter's partitions are shared");
        });
    }
}
