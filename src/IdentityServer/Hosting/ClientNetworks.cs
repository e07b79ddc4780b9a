using System.Net;
using System.Net.Sockets;

namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// The key of a per-address bound (the hashing slots' share, rejected passkeys, the "forgot" forms): an IPv4 address as
/// it is, an IPv4 address that Kestrel's dual-stack socket wrote as IPv6 (<c>::ffff:192.0.2.1</c>) as that IPv4
/// address, and an IPv6 address as its /64 network. One subscriber, household or office is given a whole /64 and may
/// pick any of its 2^64 addresses for each request, so keying on the full IPv6 address would let one client pass every
/// per-address bound by rotating addresses. Decision 0034.
/// </summary>
public static class ClientNetworks
{
    /// <summary>The bits of an IPv6 address that name its network, the rest naming the interface.</summary>
    public const int IPv6PrefixLength = 64;

    /// <summary>The key of the request's client (its connection's address, as forwarded by a trusted proxy), or null without one.</summary>
    public static IPAddress? KeyOf(HttpContext? context) =>
        context?.Connection.RemoteIpAddress is { } address ? KeyOf(address) : null;

    /// <summary>The address whose bound <paramref name="address"/> shares.</summary>
    public static IPAddress KeyOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[(IPv6PrefixLength / 8)..].Clear();
        // A new address, so that the scope ID of a link-local address does not split its network into several keys.
        return new IPAddress(bytes);
    }
}
