using Enerlectra.Grains.Infrastructure;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>The per-user order limit's token bucket, on a clock the test moves (a nanosecond timestamp, as on Linux).</summary>
public class UserRateLimiterTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void A_user_idle_for_half_an_hour_at_a_high_rate_gets_a_full_bucket_not_an_overflowed_one()
    {
        // 30 min × 10^9 ticks/s × 10,000/s × 1,000 is about 1.8 × 10^19: beyond a long.
        var limiter = new UserRateLimiter(perSecond: 10_000, burst: 20_000, _clock);
        Assert.True(limiter.TryTake("bot", 20_000));
        Assert.False(limiter.TryTake("bot"));

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(limiter.TryTake("bot", 20_000));
        Assert.False(limiter.TryTake("bot"));

        _clock.Advance(TimeSpan.FromDays(400));
        Assert.True(limiter.TryTake("bot", 20_000));
        Assert.False(limiter.TryTake("bot"));
    }

    [Fact]
    public void Tokens_come_back_at_the_configured_rate_and_no_faster()
    {
        var limiter = new UserRateLimiter(perSecond: 2_000, burst: 4_000, _clock);
        Assert.True(limiter.TryTake("bot", 4_000));

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.TryTake("bot", 200));
        Assert.False(limiter.TryTake("bot"));

        // Half a token's time twice: the first half is kept, not lost, so the second completes a token.
        _clock.Advance(TimeSpan.FromTicks(2_500));
        Assert.False(limiter.TryTake("bot"));
        _clock.Advance(TimeSpan.FromTicks(2_500));
        Assert.True(limiter.TryTake("bot"));
        Assert.False(limiter.TryTake("bot"));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _now = 1_000_000_000;

        public override long TimestampFrequency => 1_000_000_000;

        public override long GetTimestamp() => _now;

        public void Advance(TimeSpan by) => _now += by.Ticks * 100;
    }
}
