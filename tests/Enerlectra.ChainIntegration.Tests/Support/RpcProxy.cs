using Enerlectra.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>
/// A JSON-RPC pass-through to the real node that can break the connection at chosen moments, to put the client in
/// the situations a real network produces: the answer to a send lost after the node took the transaction, or the
/// node gone while a receipt is awaited.
/// </summary>
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RpcProxy(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Forward eth_sendRawTransaction to the node, then drop the connection instead of answering.</summary>
    public volatile bool DropSendAnswers;

    /// <summary>After a send has been forwarded, drop every later request (the node "goes away").</summary>
    public volatile bool GoAwayAfterSend;

    /// <summary>When set, the two send faults above apply only to raw transactions containing this hex (a function selector).</summary>
    public volatile string? SendFilter;

    /// <summary>When set, every request whose body contains this JSON-RPC method name (e.g. "eth_estimateGas") has its connection dropped, unforwarded.</summary>
    public volatile string? FailMethod;

    private volatile bool _gone;

    /// <summary>The node is gone from now on: every request's connection is dropped until <see cref="Heal"/>.</summary>
    public void GoAway() => _gone = true;

    public static async Task<RpcProxy> StartAsync(string upstream)
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new RpcProxy(app, $"http://127.0.0.1:{port}");
        app.Run(context => proxy.HandleAsync(context, upstream));
        await app.StartAsync();
        return proxy;
    }

    private async Task HandleAsync(HttpContext context, string upstream)
    {
        if (_gone)
        {
            context.Abort();
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (FailMethod is { } failing && body.Contains($"\"{failing}\"", StringComparison.Ordinal))
        {
            context.Abort();
            return;
        }

        using var forwarded = await _upstream.PostAsync(upstream, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var answer = await forwarded.Content.ReadAsStringAsync();
        if (body.Contains("eth_sendRawTransaction", StringComparison.Ordinal) &&
            (SendFilter is not { } filter || body.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            _gone = GoAwayAfterSend;
            if (DropSendAnswers)
            {
                context.Abort();
                return;
            }
        }

        context.Response.StatusCode = (int)forwarded.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer);
    }

    /// <summary>Back to a plain pass-through.</summary>
    public void Heal()
    {
        DropSendAnswers = GoAwayAfterSend = false;
        SendFilter = null;
        FailMethod = null;
        _gone = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
