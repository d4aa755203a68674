using System.Globalization;
using System.Text.RegularExpressions;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// The text forms of google.protobuf.Timestamp and Duration that JSON transcoding reads: RFC 3339 with an upper-case
/// 'T' and a 'Z' or ±hh:mm offset, 0001-01-01 to 9999-12-31 once in UTC; and seconds with up to nine decimals and
/// an 's'. Whatever passes here the framework reads without error.
/// </summary>
public static partial class ProtoTimeText
{
    // The framework reads durations only within the seconds a timestamp can hold.
    private const long MaxDurationSeconds = 253_402_300_799;
    private const long MaxNegativeDurationSeconds = 62_135_596_800;

    public static bool IsTimestamp(string text)
    {
        var match = TimestampPattern().Match(text);
        if (!match.Success
            || !DateTime.TryParseExact(match.Groups["datetime"].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var local))
        {
            return false;
        }

        var offset = match.Groups["offset"].Value;
        if (offset == "Z")
        {
            return true;
        }

        var minutes = int.Parse(offset.AsSpan(1, 2), CultureInfo.InvariantCulture) * 60 + int.Parse(offset.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (minutes > 18 * 60 || (minutes == 0 && offset[0] == '-'))
        {
            // Beyond any real offset, or "-00:00", which RFC 3339 reserves for "offset unknown".
            return false;
        }

        // The instant must still be in 0001-9999 once moved to UTC.
        var utcTicks = local.Ticks - (offset[0] == '-' ? -1 : 1) * minutes * TimeSpan.TicksPerMinute;
        return utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks - (TimeSpan.TicksPerSecond - 1);
    }

    public static bool IsDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var seconds = match.Groups["seconds"].Value;
        var negative = text[0] == '-';
        if (negative && match.Groups["fraction"].Value.Any(c => c is >= '1' and <= '9'))
        {
            // The framework keeps nanos non-negative and so reads no negative fraction of a second.
            return false;
        }

        var limit = negative ? MaxNegativeDurationSeconds : MaxDurationSeconds;
        return (seconds.Length == 1 || seconds[0] != '0') && long.Parse(seconds, CultureInfo.InvariantCulture) <= limit;
    }

    [GeneratedRegex(@"^(?<datetime>[0-9]{4}-[01][0-9]-[0-3][0-9]T[012][0-9]:[0-5][0-9]:[0-5][0-9])(\.[0-9]{1,9})?(?<offset>Z|[+-][01][0-9]:[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^-?(?<seconds>[0-9]{1,12})(\.(?<fraction>[0-9]{1,9}))?s\z", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
