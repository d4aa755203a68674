using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Limits;
using Enerlectra.MobileMoney;

namespace Enerlectra.Grains.Deposits;

/// <summary>
/// What a deposit's collection looks like at the provider: the deposit id is the reference (and, as 32 hex digits,
/// the external id, as for trades), and the prompt on the phone says where the money goes.
/// </summary>
public static class DepositCollection
{
    public static CollectionRequest For(DepositRequest request, string payerMsisdn, Uri? callbackUrl) => new(
        request.DepositId,
        payerMsisdn,
        request.AmountNgwee,
        request.DepositId.ToString("N"),
        $"Enerlectra: deposit {PaymentLimits.Kwacha(request.AmountNgwee)} into your trading balance",
        callbackUrl);

    /// <summary>A provider's failure reason in words the user can act on.</summary>
    public static string DescribeFailure(string? reason) => reason switch
    {
        "APPROVAL_REJECTED" => "The deposit was declined on the phone.",
        "EXPIRED" => "The deposit prompt was not approved in time.",
        "NOT_ENOUGH_FUNDS" => "The phone's mobile money balance was too low for the deposit.",
        "PAYER_NOT_FOUND" => "The phone number has no mobile money account.",
        "PIN_TIMEOUT" => "The PIN was not entered in time.",
        null or "" => "The deposit payment failed.",
        _ => $"The deposit payment failed ({reason}).",
    };
}
