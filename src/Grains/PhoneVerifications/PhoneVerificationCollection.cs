using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.MobileMoney;

namespace Enerlectra.Grains.PhoneVerifications;

/// <summary>
/// What a verification collection looks like at the provider. Its external id (MTN's externalId, Airtel's reference)
/// and payer message (MTN's payerMessage, Zamtel's narration) start with <see cref="Marker"/>, so the collection is
/// recognisable in the provider's reports, and our sandbox recognises it too (src/Sandbox/README.md, "Phone
/// verifications"): it approves verifications whatever the number's scenario ending, so any test number can be linked.
/// </summary>
public static class PhoneVerificationCollection
{
    /// <summary>Our mark on verification collections. The sandbox's copy is SandboxPhoneVerification.Marker: keep them equal.</summary>
    public const string Marker = "enerlectra-verify";

    public static CollectionRequest For(PhoneVerificationRequest request, Uri? callbackUrl) => new(
        request.VerificationId,
        request.Msisdn,
        request.AmountNgwee,
        $"{Marker}:{request.VerificationId:N}",
        $"{Marker}: approve {PaymentLimits.Kwacha(request.AmountNgwee)} to link this number to Enerlectra (credited to your Enerlectra balance)",
        callbackUrl);

    /// <summary>A provider's failure reason in words the user can act on.</summary>
    public static string DescribeFailure(string? reason, long amountNgwee) => reason switch
    {
        "APPROVAL_REJECTED" => "The verification was declined on the phone. Link the number again to retry.",
        "EXPIRED" => "The verification prompt was not approved in time. Link the number again to retry.",
        "NOT_ENOUGH_FUNDS" => $"The number's mobile money balance was below the verification amount of {PaymentLimits.Kwacha(amountNgwee)}.",
        "PAYER_NOT_FOUND" => "The number has no mobile money account.",
        "PIN_TIMEOUT" => "The PIN was not entered in time. Link the number again to retry.",
        null or "" => "The verification payment failed.",
        _ => $"The verification payment failed ({reason}).",
    };
}
