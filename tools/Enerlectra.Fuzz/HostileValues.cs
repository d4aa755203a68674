using System.Text;

namespace Enerlectra.Fuzz;

/// <summary>Values a field, a path segment or a body should never be trusted to hold.</summary>
public static class HostileValues
{
    private static readonly string[] Numbers =
    [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "-1", "0",
        "18446744073709551616", "1e400", "-1e400", "1.5", "0.1", "1e3", "NaN", "Infinity", "-0", "0x10", "\"12\"", "\"abc\"",
        "\"\"", "true", "null", "[]", "{}", "[1,2]", "\"9223372036854775807\"", "\"-5\"", "2147483648", "4294967296",
    ];

    private static readonly string[] Strings =
    [
        "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"../../etc/passwd\"", "\"%00\"", "\"<script>alert(1)</script>\"",
        "\"' OR '1'='1\"", "\"\\n\\r\\t\"", "\"+260961234567\"", "\"0961234567\"", "\"260\"", "\"++260\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"", "\"default\"", "\"DEFAULT\"", "\"market/../default\"",
        "12", "-1", "true", "null", "[]", "{}", "[\"a\"]", "{\"a\":1}", "1e400", "\"\\u202e\\u0000x\"",
        "\"2026-13-45T25:61:61Z\"", "\"1970-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"",
    ];

    private static readonly string[] Segments =
    [
        "", "%20", "%00", "..", "%2e%2e", "%2F", "a%2Fb", "%E2%80%AE", "%FF%FE", "null", "-1", "9223372036854775808",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "%7B%7D", "'", "%22", "%3Cscript%3E", "~", "*", "default",
    ];

    /// <summary>A JSON value for a field: numbers, strings, wrong types and extremes, whatever its declared type.</summary>
    public static string Json(Random random, bool numeric)
    {
        var roll = random.Next(100);
        if (roll < 4)
        {
            return "\"" + new string('9', random.Next(100, 20_000)) + "\"";
        }

        if (roll < 8)
        {
            return JsonString(RandomString(random, random.Next(1, 3_000)));
        }

        var pool = (numeric ? roll < 70 : roll < 30) ? Numbers : Strings;
        return pool[random.Next(pool.Length)];
    }

    public static string Segment(Random random) =>
        random.Next(5) == 0 ? Uri.EscapeDataString(RandomString(random, random.Next(1, 300))) : Segments[random.Next(Segments.Length)];

    public static string QueryValue(Random random) => Uri.EscapeDataString(random.Next(3) switch
    {
        0 => Numbers[random.Next(Numbers.Length)].Trim('"'),
        1 => Strings[random.Next(Strings.Length)].Trim('"'),
        _ => RandomString(random, random.Next(1, 200)),
    });

    /// <summary>Printable text with control, surrogate-free unicode, quotes and backslashes mixed in.</summary>
    public static string RandomString(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0x80, 0x800),
                2 => "\"\\'{}[]<>%&"[random.Next(11)],
                _ => (char)random.Next(32, 127),
            });
        }

        return builder.ToString();
    }

    public static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>Bytes that are not UTF-8 (overlong forms, lone continuation bytes, surrogates encoded).</summary>
    public static byte[] BadUtf8(Random random)
    {
        byte[][] bad = [[0xC0, 0xAF], [0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82]];
        return bad[random.Next(bad.Length)];
    }
}
