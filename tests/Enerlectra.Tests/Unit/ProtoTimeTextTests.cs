using Enerlectra.Gateway.Validation;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>The time texts JSON transcoding reads without error, and only those.</summary>
public class ProtoTimeTextTests
{
    [Theory]
    [InlineData("2026-12-31T18:00:00Z")]
    [InlineData("2026-12-31T18:00:00.5Z")]
    [InlineData("2026-12-31T18:00:00.123456789Z")]
    [InlineData("2026-12-31T18:00:00+02:00")]
    [InlineData("2026-12-31T18:00:00.1234567+00:00")]    // what DateTimeOffset.ToString("O") writes
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00-01:00")]            // still in year 1 in UTC
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59+01:00")]
    public void Timestamps_the_framework_reads(string text) => Assert.True(ProtoTimeText.IsTimestamp(text));

    [Theory]
    [InlineData("")]
    [InlineData("2026-12-31")]
    [InlineData("2026-12-31T18:00:00")]                  // no offset
    [InlineData("2026-12-31t18:00:00z")]
    [InlineData("2026-12-31 18:00:00Z")]
    [InlineData("2026-02-30T18:00:00Z")]                 // no such day
    [InlineData("2026-12-31T24:00:00Z")]
    [InlineData("2026-12-31T18:00:00.1234567890Z")]      // ten decimals
    [InlineData("2026-12-31T18:00:00-00:00")]            // "offset unknown"
    [InlineData("2026-12-31T18:00:00+19:00")]
    [InlineData("0000-12-31T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+00:01")]            // before year 1 in UTC
    [InlineData("9999-12-31T23:59:59-00:01")]            // after year 9999 in UTC
    [InlineData("10000-01-01T00:00:00Z")]
    [InlineData("2026-12-31T18:00:00Z\n")]
    public void Timestamps_the_framework_refuses(string text) => Assert.False(ProtoTimeText.IsTimestamp(text));

    [Theory]
    [InlineData("0s", true)]
    [InlineData("90s", true)]
    [InlineData("1.5s", true)]
    [InlineData("-3s", true)]
    [InlineData("-1.5s", false)]     // the framework keeps nanos non-negative
    [InlineData("01s", false)]
    [InlineData("1.5", false)]
    [InlineData("1m", false)]
    [InlineData("999999999999s", false)]
    public void Durations(string text, bool valid) => Assert.Equal(valid, ProtoTimeText.IsDuration(text));
}
