using System.Net;
using System.Net.Sockets;

namespace Enerlectra.Gateway.RateLimits;

/// <summary>The client address a per-client budget is kept for.</summary>
public static class ClientAddress
{
    /// <summary>The client's address; for IPv6 its /64, since one host can use any address of its subnet.</summary>
    public static string KeyOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
