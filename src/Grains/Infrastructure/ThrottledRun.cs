namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// Runs an action on a grain timer when asked, but never starts it twice within <paramref name="minInterval"/>: a
/// request inside the interval only makes sure one run happens at its end, and every request until that run shares
/// it. So however often it is asked, at most one run is ever due and nothing queues up. The timer does not
/// interleave, so a run never overlaps another one or the grain's own calls. In memory only: a new activation may
/// run at once.
/// </summary>
public sealed class ThrottledRun(IGrainBase grain, Func<Task> run, TimeSpan minInterval, TimeProvider clock, Action<Exception> onError)
{
    private IGrainTimer? _due;
    private DateTimeOffset? _lastStarted;

    public void Request()
    {
        if (_due is not null)
        {
            return;
        }

        var wait = _lastStarted is { } last ? last + minInterval - clock.GetUtcNow() : TimeSpan.Zero;
        // KeepAlive: a run that is due must happen even if nothing else keeps the grain active until then.
        _due = grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Drops a run that is due (the work it would do is no longer needed).</summary>
    public void Cancel()
    {
        _due?.Dispose();
        _due = null;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Cancel();
        _lastStarted = clock.GetUtcNow();
        try
        {
            await run();
        }
        catch (Exception ex)
        {
            onError(ex);
        }
    }
}
