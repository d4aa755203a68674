using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Sandbox;

/// <summary>
/// PUTs MTN callback bodies to X-Callback-Url in the background. Delivery errors are logged and dropped, as MTN
/// does: the receiver must cope with lost callbacks by polling.
/// </summary>
internal sealed class MtnCallbackSender(SandboxOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
    : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Send(MtnSandboxTransactionView transaction, int times, Action delivered)
    {
        Uri url = transaction.CallbackUrl!;
        _ = Task.Run(async () =>
        {
            try
            {
                if (options.CallbackDelay > TimeSpan.Zero)
                {
                    await Task.Delay(options.CallbackDelay, time, stopping).ConfigureAwait(false);
                }

                for (int i = 0; i < times; i++)
                {
                    await DeliverAsync(url, transaction, delivered).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down.
            }
        });
    }

    public void Dispose() => _http.Dispose();

    private async Task DeliverAsync(Uri url, MtnSandboxTransactionView transaction, Action delivered)
    {
        try
        {
            using HttpResponseMessage response = await _http
                .PutAsJsonAsync(url, MtnSandboxJson.StatusBody(transaction, options), stopping)
                .ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                delivered();
            }
            else
            {
                logger.LogWarning("Callback for {ReferenceId} to {Url} answered {Status}", transaction.ReferenceId, url, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Callback for {ReferenceId} to {Url} could not be delivered", transaction.ReferenceId, url);
        }
    }
}
