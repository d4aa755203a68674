using System.Text;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Sandbox;

/// <summary>
/// Sends callbacks in the background, in order. Delivery errors are logged and dropped, as providers do: the receiver
/// must cope with lost callbacks by polling.
/// </summary>
internal sealed class SandboxCallbackSender(SandboxOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
    : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Sends the messages in order; <paramref name="answered"/> gets each one's HTTP status (null: not delivered).</summary>
    public void Send(Guid referenceId, Uri url, IReadOnlyList<SandboxCallbackMessage> messages, Action<SandboxCallbackMessage, int?> answered)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                if (options.CallbackDelay > TimeSpan.Zero)
                {
                    await Task.Delay(options.CallbackDelay, time, stopping).ConfigureAwait(false);
                }

                foreach (SandboxCallbackMessage message in messages)
                {
                    await DeliverAsync(referenceId, url, message, answered).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down.
            }
        });
    }

    public void Dispose() => _http.Dispose();

    private async Task DeliverAsync(Guid referenceId, Uri url, SandboxCallbackMessage message, Action<SandboxCallbackMessage, int?> answered)
    {
        try
        {
            using var request = new HttpRequestMessage(message.Method, url)
            {
                Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
            };
            using HttpResponseMessage response = await _http.SendAsync(request, stopping).ConfigureAwait(false);
            answered(message, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Callback for {ReferenceId} to {Url} answered {Status}", referenceId, url, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            answered(message, null);
            logger.LogWarning(ex, "Callback for {ReferenceId} to {Url} could not be delivered", referenceId, url);
        }
    }
}
