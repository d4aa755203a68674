using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Meters;

/// <summary>
/// Reading ids as clients send them, and the ids their credits carry in a wallet. A wallet applies each credit id
/// once; the credit id says where the reading came from, so one meter's ids never collide with another meter's
/// (a head-end or a second meter of the same user chooses its ids on its own) or with an operator's corrections.
/// </summary>
public static class ReadingIds
{
    public const int MaxLength = 128;

    private const string MeterPrefix = "meter:";
    private const string CorrectionPrefix = "correction:";

    /// <summary>The longest credit id: a meter's prefix, a meter id (at most 64 characters), ':' and a reading id.</summary>
    public const int MaxCreditIdLength = 6 + 64 + 1 + MaxLength;

    public static string Require(string? readingId)
    {
        if (string.IsNullOrWhiteSpace(readingId) || readingId.Length > MaxLength)
        {
            throw TradingException.Invalid("readingId", $"readingId is required and must be at most {MaxLength} characters.");
        }

        return readingId;
    }

    /// <summary>The wallet credit of a meter's reading (meter ids never contain ':', so the parts cannot be confused).</summary>
    public static string ForMeter(string meterId, string readingId) => MeterPrefix + meterId + ":" + readingId;

    /// <summary>The wallet credit of an operator's correction; one namespace for all operators, so a retry by anyone applies once.</summary>
    public static string ForCorrection(string readingId) => CorrectionPrefix + readingId;
}
