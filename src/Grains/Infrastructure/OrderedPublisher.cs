using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// Publishes items one at a time, in the order they were queued, without making the queuer wait: a grain's
/// acknowledgements must not wait on its subscribers, and subscribers must see items in order. A failed publish is
/// logged and skipped (subscribers fill gaps by replay). Must be used from one grain's scheduler.
/// </summary>
public sealed class OrderedPublisher<T>(Func<T, Task> publish, ILogger logger, string what)
{
    private readonly Queue<T> _queue = new();
    private bool _running;

    public void Enqueue(T item)
    {
        _queue.Enqueue(item);
        if (!_running)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            while (_queue.TryDequeue(out var item))
            {
                try
                {
                    await publish(item);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Could not publish {What}; subscribers will fill the gap from the replay", what);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}
