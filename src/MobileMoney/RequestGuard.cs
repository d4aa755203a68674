namespace Enerlectra.MobileMoney;

/// <summary>
/// Checks every client applies before sending, so that a malformed request fails here (an ArgumentException, nothing
/// sent) rather than at the provider, where a refusal might be mistaken for a payer's decision.
/// </summary>
internal static class RequestGuard
{
    // msisdnName is how messages name the number, e.g. "payer MSISDN".
    public static void Check(Guid referenceId, string? msisdn, long amountNgwee, string paramName, string msisdnName = "MSISDN")
    {
        if (referenceId == Guid.Empty)
        {
            throw new ArgumentException("A reference id is required.", paramName);
        }

        if (amountNgwee <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, amountNgwee, "The amount must be positive.");
        }

        if (msisdn is not { Length: >= 9 and <= 15 } || msisdn.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException(
                $"The {msisdnName} must be 9 to 15 digits with the country code and no '+', e.g. 260961234567.",
                paramName);
        }
    }

    /// <summary>
    /// Zambian numbers: "260" and nine national digits. Airtel and Zamtel only serve Zambia here, and Airtel wants
    /// the national part alone, so anything else is refused rather than guessed at.
    /// </summary>
    public static string ZambianNationalNumber(string msisdn, string paramName)
    {
        if (msisdn.Length != 12 || !msisdn.StartsWith("260", StringComparison.Ordinal))
        {
            throw new ArgumentException("The MSISDN must be a Zambian number: 260 followed by nine digits.", paramName);
        }

        return msisdn[3..];
    }
}
