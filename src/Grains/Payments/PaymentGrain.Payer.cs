using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;

namespace Enerlectra.Grains.Payments;

/// <summary>
/// Who pays by mobile money: only ever the buyer's verified phone (a number whose owner approved a verification
/// collection for this buyer's wallet). A number in the request is only a statement the grain checks, never trusts:
/// otherwise anyone could push payment prompts to anyone's phone. An empty number means the verified phone.
/// </summary>
public sealed partial class PaymentGrain
{
    /// <summary>The buyer's verified phone (null when there is none); refuses a requested number that is not it.</summary>
    private async Task<Payer?> PayerForAsync(TradeRequest request)
    {
        var verified = await VerifiedPhoneAsync(request.BuyerId);
        if (request.PayerMsisdn.Length == 0 || request.PayerMsisdn == verified?.Msisdn)
        {
            return verified;
        }

        throw TradingException.Precondition(
            $"+{request.PayerMsisdn} is not the verified phone of your wallet. Link it (PUT /api/wallets/{request.BuyerId}/phone) and approve " +
            "the verification prompt on that phone first: mobile money is only collected from your own verified number.",
            "phoneNumber");
    }

    /// <summary>The phone a mobile money payment is collected from; refuses when there is none, or its network is unavailable.</summary>
    private async Task<Payer> RequirePayerAsync(TradeRequest request)
    {
        var payer = await PayerForAsync(request) ?? throw TradingException.Precondition(
            $"Your wallet has no verified phone to pay from. Link your number (PUT /api/wallets/{request.BuyerId}/phone) and approve the " +
            "verification prompt on that phone first: mobile money is only collected from your own verified number.",
            "phoneNumber");
        rails.For(payer.Network);
        return payer;
    }

    private async Task<Payer?> VerifiedPhoneAsync(string buyerId)
    {
        var wallet = await GrainFactory.GetGrain<IWalletGrain>(buyerId).GetAsync();
        return wallet.PhoneNumber is { } phone && wallet.PhoneNetwork is { } network ? new Payer(phone.TrimStart('+'), network) : null;
    }

    /// <summary>A phone that pays by mobile money: digits with 260, and the network that collects from it.</summary>
    private sealed record Payer(string Msisdn, MobileNetwork Network);
}
