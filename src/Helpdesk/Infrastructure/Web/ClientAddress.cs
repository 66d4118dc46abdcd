using System.Net;
using System.Net.Sockets;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// The key a client's per-address limits are counted under: its address as the forwarded-headers
/// middleware left it (the client behind a configured proxy, else the connection's peer).
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext? http) => Key(http?.Connection.RemoteIpAddress);

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 network, since one subscriber is given a
    /// whole /64 and could otherwise take a fresh address, and a fresh limit, for every request.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
