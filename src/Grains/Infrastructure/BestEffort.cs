using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// Follow-up calls whose failure must not undo the step that made them (each is retried or reconciled elsewhere:
/// a sweep, a reminder, the next attempt): the failure is logged, not thrown.
/// </summary>
public static class BestEffort
{
    public static async Task TryAsync(this ILogger logger, Func<Task> action, string who, string what, LogLevel level = LogLevel.Error)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            logger.Log(level, ex, "{Who} could not {What}", who, what);
        }
    }
}
