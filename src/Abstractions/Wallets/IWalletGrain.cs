using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Wallets;

/// <summary>
/// One user's wallet, keyed by user id. Every change carries an operation id and applies exactly once, so callers
/// may retry after a crash or timeout without double-counting.
/// </summary>
[Alias("enerlectra.IWalletGrain")]
public interface IWalletGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<WalletSnapshot> GetAsync();

    /// <summary>
    /// Credits metered generation. Idempotent by <paramref name="readingId"/>, the credit's id from
    /// <see cref="Meters.ReadingIds"/> (a meter's reading or an operator's correction). Only the meter grain and
    /// operators' corrections call this: the checks of who may report what happen there.
    /// </summary>
    [Alias("RecordGeneration")]
    Task<WalletSnapshot> RecordGenerationAsync(string readingId, long generatedWh, string recordedBy);

    /// <summary>
    /// Starts verifying the number to link for mobile money (payments and payouts); <paramref name="network"/>
    /// overrides the prefix's default. The number becomes the wallet's phone only once its owner approved the
    /// verification collection. The verified number again is a no-op, and so is the number already being verified.
    /// </summary>
    [Alias("SetPhone")]
    Task<WalletSnapshot> SetPhoneAsync(string phoneNumber, MobileNetwork? network);

    /// <summary>Withdraws the verification awaiting approval, if any (idempotent); the verified phone stays.</summary>
    [Alias("CancelPhoneVerification")]
    Task<WalletSnapshot> CancelPhoneVerificationAsync();

    /// <summary>
    /// The verification awaiting approval, if it is <paramref name="verificationId"/> (null once cancelled or ended);
    /// read-only, so a verification may ask while the wallet calls it.
    /// </summary>
    [Alias("GetPhoneVerification"), Orleans.Concurrency.AlwaysInterleave]
    Task<PhoneVerifications.PhoneVerificationRequest?> GetPhoneVerificationAsync(Guid verificationId);

    /// <summary>
    /// The provider collected the verification amount over <paramref name="network"/>: it is deposited into the
    /// user's balance in the default market (once per verification, by its id, also across crashes), and the number
    /// becomes the verified phone unless the verification was cancelled meanwhile. Idempotent; returns once the
    /// deposit is durable in the market (throws, to be called again, while it cannot be made).
    /// </summary>
    /// <remarks>A new alias since it takes the network: a caller of the earlier form (without one) is never taken for this.</remarks>
    [Alias("CompletePhoneVerificationOn")]
    Task CompletePhoneVerificationAsync(Guid verificationId, long collectedNgwee, MobileNetwork network);

    /// <summary>The verification definitely failed: nothing is linked and the reason is shown. Idempotent.</summary>
    [Alias("FailPhoneVerification")]
    Task FailPhoneVerificationAsync(Guid verificationId, string reason);

    /// <summary>
    /// Moves <paramref name="energyWh"/> of available energy into the user's trading account in
    /// <paramref name="marketId"/>, in two phases: the wallet durably sets it aside as a pending transfer, the market
    /// credits it (once, by <paramref name="transferId"/>), then the wallet completes the transfer. A crash in between
    /// is finished by the same call again or by the wallet's next activation. The same transfer again returns it as
    /// it stands; other terms under the same id are refused (AlreadyExists, idempotencyKey).
    /// </summary>
    [Alias("TransferToMarket")]
    Task<EnergyTransferSnapshot> TransferToMarketAsync(Guid transferId, string marketId, long energyWh, string idempotencyKey);

    /// <summary>Moves available energy to reserved for an offer; refuses if there is not enough.</summary>
    [Alias("ReserveForOffer")]
    Task ReserveForOfferAsync(string operationId, long energyWh);

    /// <summary>Returns reserved energy to available (offer cancelled, expired, or a trade on a closed offer failed).</summary>
    [Alias("ReleaseReserved")]
    Task ReleaseReservedAsync(string operationId, long energyWh);

    /// <summary>
    /// Seller side of a paid trade: net earnings arrive, and the sold energy leaves the wallet's reserved energy
    /// (unless <paramref name="energyFromMarket"/>: an offer on the book, whose energy the market held and delivered).
    /// </summary>
    [Alias("SettleSale")]
    Task SettleSaleAsync(string operationId, long energyWh, long netEarningsNgwee, bool energyFromMarket = false);

    /// <summary>The payout in flight, if it is <paramref name="payoutId"/>; read-only, so a payout may ask while the wallet calls it.</summary>
    [Alias("GetPayout"), Orleans.Concurrency.AlwaysInterleave]
    Task<Payouts.PayoutRequest?> GetPayoutAsync(Guid payoutId);

    /// <summary>The provider paid the seller: the pending amount is paid out. Idempotent.</summary>
    [Alias("CompletePayout")]
    Task CompletePayoutAsync(Guid payoutId);

    /// <summary>The payout definitely failed: the amount returns to earnings and the reason is shown. Idempotent.</summary>
    [Alias("FailPayout")]
    Task FailPayoutAsync(Guid payoutId, string reason);

    /// <summary>Sends the earnings to the verified phone now, whatever the batching threshold.</summary>
    [Alias("RequestPayout")]
    Task<WalletSnapshot> RequestPayoutAsync();

    /// <summary>Buyer side of a paid trade: bought energy arrives.</summary>
    [Alias("CreditPurchase")]
    Task CreditPurchaseAsync(string operationId, long energyWh, long paidNgwee);

    /// <summary>Seller side of a trade on an offer made directly on-chain: the buyer paid the seller's address on-chain.</summary>
    [Alias("RecordChainSale")]
    Task RecordChainSaleAsync(string operationId, long energyWh, long netNgwee);

    /// <summary>A chain reorganisation removed a recorded on-chain sale. Idempotent by operation id.</summary>
    [Alias("ReverseChainSale")]
    Task ReverseChainSaleAsync(string operationId, long energyWh, long netNgwee);

    /// <summary>A chain reorganisation removed a recorded on-chain purchase. Idempotent by operation id.</summary>
    [Alias("ReverseChainPurchase")]
    Task ReverseChainPurchaseAsync(string operationId, long energyWh, long paidNgwee);

    /// <summary>
    /// A money deposit the market credited to the user's balance, for the wallet's history only (the balance is the
    /// market's). Idempotent by <paramref name="depositId"/>.
    /// </summary>
    [Alias("RecordDeposit")]
    Task RecordDepositAsync(Guid depositId, long amountNgwee, string channel);

    /// <summary>
    /// The wallet's history, newest first: purchases, sales, payouts and deposits, each recorded in the same write as
    /// the change itself (the latest <c>WalletGrain.HistoryKept</c>).
    /// </summary>
    [Alias("GetHistory"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<WalletHistoryEntry>> GetHistoryAsync();
}
