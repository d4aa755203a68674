using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// One trade and its payment, keyed by trade id: a durable state machine that reserves the energy, collects the
/// buyer's payment and settles exactly once. An unknown payment outcome is reconciled, never treated as failure.
/// </summary>
[Alias("enerlectra.IPaymentGrain")]
public interface IPaymentGrain : IGrainWithGuidKey
{
    /// <summary>Starts the trade, or returns it if this exact request already started it; a different request with the same id is refused.</summary>
    [Alias("Start")]
    Task<TradeSnapshot> StartAsync(TradeRequest request);

    /// <summary>
    /// The trade as it stands. Read-only and interleaved, so a buyer polling it is answered at once even while the
    /// trade waits on its payment (a wallet payment waits for its transaction to be mined).
    /// </summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<TradeSnapshot> GetAsync();

    /// <summary>Whether this trade exists. Read-only and interleaved, so an offer may ask while the trade is calling it.</summary>
    [Alias("Exists"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> ExistsAsync();

    /// <summary>
    /// The provider says something happened. Treated as a hint: the grain asks the provider before acting, at most one
    /// query at a time and at most one per <c>Trading:CallbackQueryInterval</c> however many callbacks arrive (a
    /// callback inside the interval only makes sure a query follows at its end). Answers at once; the query runs after.
    /// A signed callback already received for this trade is refused as a replay, durably and without a write.
    /// </summary>
    [Alias("ProviderCallback.v2")]
    Task<ProviderCallbackOutcome> ProviderCallbackAsync(ProviderCallback callback);

    /// <summary>Records a trade made directly on-chain (found by the chain listener). Idempotent.</summary>
    [Alias("ImportChainTrade")]
    Task<TradeSnapshot> ImportChainTradeAsync(Chain.ChainTradeImport trade);

    /// <summary>A chain reorganisation removed the block of a recorded on-chain trade: undo it. Idempotent.</summary>
    [Alias("RevokeChainTrade")]
    Task RevokeChainTradeAsync();

    /// <summary>
    /// A chain reorganisation replaced the block holding this trade's wallet payment. The trade checks the chain and,
    /// if the payment is gone for good, collects it again under the same trade id. Idempotent.
    /// </summary>
    [Alias("ChainPaymentReorganised")]
    Task ChainPaymentReorganisedAsync();

    /// <summary>Asks the provider where the payment stands and acts on a definite answer.</summary>
    [Alias("Reconcile")]
    Task<TradeSnapshot> ReconcileAsync();
}
