using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>
/// A real Kestrel listener standing in for our server's callback endpoint. The reference id travels in the
/// path because MTN's callback body does not carry it.
/// </summary>
public sealed class CallbackListener : IAsyncDisposable
{
    // Only a safety net so a missing callback fails the test instead of hanging it; no test asserts on speed.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, Channel<string>> _received = new();

    private CallbackListener(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<CallbackListener> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        WebApplication app = builder.Build();
        CallbackListener? listener = null;
        async Task<IResult> Receive(Guid referenceId, HttpRequest request)
        {
            using var reader = new StreamReader(request.Body);
            string body = await reader.ReadToEndAsync();
            await listener!.For(referenceId).Writer.WriteAsync(body);
            return Results.Ok();
        }

        // MTN PUTs to the per-request URL; Airtel and Zamtel POST to a configured template.
        app.MapPut("/mtn/callback/{referenceId:guid}", Receive);
        app.MapPost("/airtel/callback/{referenceId:guid}", Receive);
        app.MapPost("/zamtel/callback/{referenceId:guid}", Receive);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener = new CallbackListener(app, new Uri(address.TrimEnd('/') + "/"));
        return listener;
    }

    public Uri UrlFor(Guid referenceId) => new(BaseAddress, $"mtn/callback/{referenceId}");

    /// <summary>A sandbox callback URL template ("{reference}" placeholder) for Airtel or Zamtel.</summary>
    public string TemplateFor(string provider) => $"{BaseAddress}{provider}/callback/{{reference}}";

    /// <summary>Waits for exactly <paramref name="count"/> callbacks for a reference and returns their bodies.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(Guid referenceId, int count)
    {
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        var bodies = new List<string>();
        try
        {
            while (bodies.Count < count)
            {
                bodies.Add(await For(referenceId).Reader.ReadAsync(giveUp.Token));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Expected {count} callback(s) for {referenceId}, received {bodies.Count}.");
        }

        return bodies;
    }

    /// <summary>Callbacks that arrived for a reference and were not yet consumed by <see cref="WaitForAsync"/>.</summary>
    public int Pending(Guid referenceId) => For(referenceId).Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Channel<string> For(Guid referenceId) => _received.GetOrAdd(referenceId, _ => Channel.CreateUnbounded<string>());
}
