using System.Net;
using System.Net.Sockets;

namespace Usheru.Notification.Api.Channels.Webhook;

/// <summary>
/// Addresses a webhook must not reach from inside the service's network: loopback, private,
/// shared (CGNAT), link-local (cloud metadata at 169.254.169.254), unique-local, multicast,
/// broadcast and reserved ranges, also when an IPv6 address carries one of them inside it.
/// </summary>
internal static class PrivateNetworks
{
    private static readonly IPNetwork[] Blocked =
    [
        // IPv4
        IPNetwork.Parse("0.0.0.0/8"),       // "this network", the unspecified address
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),   // shared address space (CGNAT)
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),  // link-local, cloud instance metadata
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),    // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),   // benchmarking
        IPNetwork.Parse("224.0.0.0/4"),     // multicast
        IPNetwork.Parse("240.0.0.0/4"),     // reserved, broadcast
        // IPv6
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("64:ff9b:1::/48"),  // local-use NAT64
        IPNetwork.Parse("100::/64"),        // discard-only
        IPNetwork.Parse("fc00::/7"),        // unique local
        IPNetwork.Parse("fe80::/10"),       // link-local
        IPNetwork.Parse("fec0::/10"),       // site-local, deprecated
        IPNetwork.Parse("ff00::/8"),        // multicast
    ];

    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static bool Contains(IPAddress address) =>
        Array.Exists(Blocked, network => network.Contains(address))
        || (EmbeddedIPv4(address) is { } embedded && Contains(embedded));

    /// <summary>The IPv4 address an IPv6 address leads to: mapped, compatible, NAT64 or 6to4.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return null;
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (IPv4Compatible.Contains(address) || Nat64.Contains(address))
            return new IPAddress(bytes[12..]);
        if (SixToFour.Contains(address))
            return new IPAddress(bytes[2..6]);
        return null;
    }
}
