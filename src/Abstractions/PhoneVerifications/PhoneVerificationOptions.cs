namespace Enerlectra.Abstractions.PhoneVerifications;

/// <summary>How numbers are verified before they are linked (configuration section "PhoneVerification").</summary>
public sealed class PhoneVerificationOptions
{
    public const string SectionName = "PhoneVerification";

    /// <summary>
    /// What is collected from the number to prove its owner approves (ZMW 1.00, the providers' smallest payment);
    /// credited back to the user's balance (in the default market's trading account) once collected. Not subject to the trading limits (section "Limits").
    /// </summary>
    public long AmountNgwee { get; set; } = 100;

    /// <summary>
    /// Verifications a user may start in a rolling 24 hours: each one pushes a prompt to a phone, so this bounds how
    /// often anyone can ring a number through us.
    /// </summary>
    public int MaxPerDay { get; set; } = 5;
}
