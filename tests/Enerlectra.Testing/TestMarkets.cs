using System.Globalization;

namespace Enerlectra.Testing;

/// <summary>
/// Markets exist only when configured (section "Markets"), so a test host is configured with "default" plus a set of
/// fresh market ids, and each test takes one of its own: that market's event sequence and offer list belong to that
/// test alone, as when tests could name any market.
/// </summary>
public sealed class TestMarkets
{
    /// <summary>Enough for the test class with the most markets (a provider's trade scenarios take 13).</summary>
    public const int DefaultCount = 32;

    private readonly string[] _ids;
    private int _taken = -1;

    private TestMarkets(string[] ids)
    {
        _ids = ids;
    }

    /// <summary>Only "default": for hosts on a shared database, where every configured market leaves a reminder row.</summary>
    public static TestMarkets DefaultOnly => new([]);

    /// <summary>Fresh ids ("m-1a2b3c4d-07"), unique to this set, so a rerun on the same database starts empty too.</summary>
    public static TestMarkets Create(int count = DefaultCount)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return new TestMarkets(Enumerable.Range(0, count).Select(i => $"m-{run}-{i:D2}").ToArray());
    }

    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The next unused market of this set.</summary>
    public string Take()
    {
        var index = Interlocked.Increment(ref _taken);
        return index < _ids.Length
            ? _ids[index]
            : throw new InvalidOperationException(
                $"All {_ids.Length} test markets of this host are taken; start it with a larger TestMarkets.Create(count).");
    }

    /// <summary>The "Markets:Ids" settings; <paramref name="separator"/> is ":" for configuration, "__" for environment variables.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string separator) =>
        _ids.Prepend("default").Select((id, i) =>
            new KeyValuePair<string, string?>($"Markets{separator}Ids{separator}{i.ToString(CultureInfo.InvariantCulture)}", id));
}
