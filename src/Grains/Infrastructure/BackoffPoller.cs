namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// Asks "is it done yet?" on a grain timer: soon at first, then less often (doubling up to a ceiling), until the
/// answer is yes or the poller is stopped. Keeps the grain active meanwhile; durable wake-ups after a restart are the
/// reconciler's job, not this one's.
/// </summary>
public sealed class BackoffPoller(IGrainBase grain, Func<Task<bool>> pollOnce, TimeSpan interval, TimeSpan maxInterval, Action<Exception> onError)
{
    private IGrainTimer? _timer;
    private TimeSpan _delay;

    public void Start(TimeSpan firstDelay)
    {
        _delay = firstDelay;
        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(firstDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        bool done;
        try
        {
            done = await pollOnce();
        }
        catch (Exception ex)
        {
            onError(ex);
            done = false;
        }

        if (!done && _timer is not null)
        {
            var next = _delay <= TimeSpan.Zero ? interval : _delay * 2;
            Start(next > maxInterval ? maxInterval : next);
        }
    }
}
