using Xunit.Sdk;

namespace Enerlectra.Tests.Support;

/// <summary>
/// Waits for asynchronous work (payment polling, expiry sweeps) by asking repeatedly until a condition holds or a
/// deadline passes. Never a fixed sleep: a fast run finishes fast, a slow machine gets the whole budget.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s waiting for {what}. Last seen: {last}");
            }

            await Task.Delay(Interval);
        }
    }
}
