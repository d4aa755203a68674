using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Wallets;

/// <summary>
/// A user's energy and earnings. Energy a user generated is <see cref="AvailableWh"/> until offered, then
/// <see cref="ReservedWh"/> until sold; energy bought from others is <see cref="BoughtWh"/> (for consumption).
/// Sale earnings are <see cref="EarningsNgwee"/> until paid out to the seller's phone (<see cref="PayoutPendingNgwee"/>
/// while the transfer is in flight, then <see cref="PaidOutNgwee"/>). Offers made directly from the user's own wallet
/// address are escrowed on-chain and paid on-chain: those sales count in <see cref="SoldOnChainWh"/> and
/// <see cref="EarnedOnChainNgwee"/>, never in the balances above.
/// <see cref="PhoneNumber"/> is the verified phone (its owner approved a verification collection): the only number
/// payments are collected from and payouts sent to. <see cref="PhoneVerification"/> is the latest verification
/// (awaiting approval, or how it ended). Money the user holds with us (deposits, collected verification amounts) is
/// their balance in a market's trading account, not here (see IOrderBookGrain.GetAccountAsync); energy they moved
/// there to sell on the book left <see cref="AvailableWh"/> for <see cref="TransferringWh"/> (on its way) and then
/// <see cref="TransferredWh"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WalletSnapshot")]
public sealed record WalletSnapshot(
    [property: Id(0)] string UserId,
    [property: Id(1)] long AvailableWh,
    [property: Id(2)] long ReservedWh,
    [property: Id(3)] long BoughtWh,
    [property: Id(4)] long GeneratedWh,
    [property: Id(5)] long EarningsNgwee,
    [property: Id(6)] long SpentNgwee,
    [property: Id(7)] string? PhoneNumber,
    [property: Id(8)] MobileNetwork? PhoneNetwork,
    [property: Id(9)] long Version,
    [property: Id(10)] long PayoutPendingNgwee = 0,
    [property: Id(11)] long PaidOutNgwee = 0,
    [property: Id(12)] string? LastPayoutFailure = null,
    [property: Id(13)] long SoldOnChainWh = 0,
    [property: Id(14)] long EarnedOnChainNgwee = 0,
    // Id 15 was the wallet's own money balance, which moved to the market's trading account: never reuse it.
    [property: Id(16)] PhoneVerificationSnapshot? PhoneVerification = null,
    [property: Id(17)] long TransferringWh = 0,
    [property: Id(18)] long TransferredWh = 0);
