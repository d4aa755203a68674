namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// Group commit for a reentrant grain's state: callers change state in memory, then await <see cref="WriteAsync"/>,
/// which completes once a write that began after their change has finished. While one write runs, every caller that
/// arrives joins the next one, so a busy grain (market, fee account) writes once per batch instead of once per call.
/// Must only be used from the grain's own scheduler (it relies on turns not running in parallel).
/// <para>
/// A failed write leaves in-memory changes of several callers unsaved, and they cannot be rolled back one by one:
/// <paramref name="onFailure"/> (the grain's DeactivateOnIdle) makes the grain start afresh from storage, and the
/// callers, whose operations are idempotent, retry.
/// </para>
/// </summary>
public sealed class CoalescingWriter(Func<Task> write, Action? onFailure = null)
{
    private TaskCompletionSource? _queued;
    private bool _writing;

    public Task WriteAsync()
    {
        if (_queued is { } queued)
        {
            return queued.Task;
        }

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_writing)
        {
            _queued = completion;
        }
        else
        {
            _ = RunAsync(completion);
        }

        return completion.Task;
    }

    private async Task RunAsync(TaskCompletionSource completion)
    {
        _writing = true;
        while (true)
        {
            try
            {
                await write();
                completion.SetResult();
            }
            catch (Exception ex)
            {
                onFailure?.Invoke();
                completion.SetException(ex);
            }

            if (_queued is null)
            {
                _writing = false;
                return;
            }

            completion = _queued;
            _queued = null;
        }
    }
}
