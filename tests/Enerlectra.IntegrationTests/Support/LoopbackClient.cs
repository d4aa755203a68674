using System.Net;
using System.Net.Sockets;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// An HTTP client whose connections leave from another loopback address (127.0.0.x), so the gateway sees another
/// client: how a test plays an attacker next to the provider on one machine. Linux routes all of 127/8 to lo.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(string sourceAddress, int port)
    {
        var source = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }
}
