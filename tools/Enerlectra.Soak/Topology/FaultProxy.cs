using System.Net;
using System.Net.Sockets;

namespace Enerlectra.Soak.Topology;

/// <summary>
/// A TCP relay between the silos and the mobile money sandbox, so the providers can become unreachable (connections
/// refused and the open ones cut) and come back with their records intact: what a provider outage looks like from
/// our side. A stopped sandbox process would lose its ledger, which is exactly what the soak must compare against.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(TcpClient Client, TcpClient Upstream)> _open = [];
    private volatile bool _down;
    private Task? _accepting;

    public FaultProxy(int listenPort, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, listenPort);
        Address = new Uri($"http://127.0.0.1:{listenPort}");
    }

    public Uri Address { get; }

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The provider is unreachable: new connections are reset and every open one is cut.</summary>
    public void GoDown()
    {
        _down = true;
        lock (_open)
        {
            foreach (var (client, upstream) in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                upstream.Dispose();
            }

            _open.Clear();
        }
    }

    public void ComeBack() => _down = false;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        GoDown();
        if (_accepting is not null)
        {
            await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_down)
            {
                // A reset, as from a host whose service is down.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stopping.Token);
            lock (_open)
            {
                _open.Add((client, upstream));
            }

            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stopping.Token), b.CopyToAsync(a, _stopping.Token));
        }
        catch (Exception)
        {
            // Cut by an outage or by either side: the HTTP clients see a broken connection, as they would for real.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove((client, upstream));
            }

            client.Dispose();
            upstream.Dispose();
        }
    }
}
