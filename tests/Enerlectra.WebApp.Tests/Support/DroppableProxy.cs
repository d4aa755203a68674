using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Enerlectra.WebApp.Tests.Support;

/// <summary>
/// A plain TCP forwarder between the browser and the gateway whose connections a test can drop, as a phone losing its
/// signal would: <see cref="Drop"/> resets every open connection and refuses new ones until <see cref="Restore"/>.
/// (Chromium's offline emulation leaves streams that are already open untouched, so it cannot drop them.)
/// </summary>
public sealed class DroppableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _down;

    public DroppableProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>How many connections were reset by <see cref="Drop"/> so far.</summary>
    public int Dropped { get; private set; }

    public void Drop()
    {
        _down = true;
        foreach (var socket in _open.Keys)
        {
            Dropped++;
            Reset(socket);
        }
    }

    public void Restore() => _down = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch
            {
                return;
            }

            if (_down)
            {
                Reset(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort);
            await using var fromClient = new NetworkStream(client, ownsSocket: false);
            await using var toServer = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAny(fromClient.CopyToAsync(toServer), toServer.CopyToAsync(fromClient));
        }
        catch
        {
            // A dropped or closed connection: nothing to do but close both ends.
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(upstream, out _);
            Reset(client);
            Reset(upstream);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0); // close with RST: the peer sees a broken connection
            socket.Dispose();
        }
        catch
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Drop();
        await _accepting;
    }
}
