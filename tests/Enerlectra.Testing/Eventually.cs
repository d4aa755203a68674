namespace Enerlectra.Testing;

/// <summary>
/// Polls until a condition holds or a deadline passes. Payments settle asynchronously (provider delay, callbacks,
/// pollers, reminders), so tests wait for the outcome rather than sleeping a fixed time and hoping.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                // A transient error (a silo failing over) is not the answer; keep asking until the deadline.
                lastError = ex;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0}s waiting for {what}. Last value: {Describe(last)}", lastError);
    }

    public static Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        UntilAsync(probe, ok => ok, what, timeout);

    private static string Describe<T>(T value) => value?.ToString() ?? "(none)";
}
