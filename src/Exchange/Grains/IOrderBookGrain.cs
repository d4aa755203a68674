using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

/// <summary>
/// A market's order book and the trading accounts in it (the market grain, keyed by market id). Every command is
/// journaled and acknowledged only once durable, many commands sharing one commit; a refused command changes nothing.
/// </summary>
[Alias("enerlectra.IOrderBookGrain")]
public interface IOrderBookGrain : IGrainWithStringKey
{
    [Alias("PlaceOrder")]
    Task<OrderCommandResult> PlaceOrderAsync(OrderSpec spec);

    [Alias("CancelOrder")]
    Task<OrderCommandResult> CancelOrderAsync(string userId, long orderId);

    [Alias("AmendOrder")]
    Task<OrderCommandResult> AmendOrderAsync(string userId, long orderId, long? priceNgweePerKwh, long? quantityWh);

    /// <summary>Cancels every open order of the user (not their offers).</summary>
    [Alias("CancelAll")]
    Task<OrderCommandResult> CancelAllAsync(string userId, CancelReason reason);

    /// <summary>
    /// A streaming session's commands, in order, each answered (accepted or refused) in one result; all of them
    /// durable when this returns. Commands are the user's own: orders of other users are "not found".
    /// </summary>
    [Alias("Execute")]
    Task<IReadOnlyList<OrderCommandResult>> ExecuteAsync(string userId, IReadOnlyList<OrderCommand> commands);

    /// <summary>Cancels those of <paramref name="orderIds"/> that are still open (a streaming session ended).</summary>
    [Alias("CancelOrders")]
    Task<IReadOnlyList<OrderView>> CancelOrdersAsync(string userId, IReadOnlyList<long> orderIds, CancelReason reason);

    [Alias("GetOrder")]
    Task<OrderView> GetOrderAsync(string userId, long orderId);

    [Alias("GetOrders")]
    Task<IReadOnlyList<OrderView>> GetOrdersAsync(string userId, bool openOnly, int limit);

    [Alias("GetDepth")]
    Task<BookDepth> GetDepthAsync(int levels);

    [Alias("GetTrades")]
    Task<IReadOnlyList<TradeView>> GetTradesAsync(int limit);

    [Alias("GetFeedAfter")]
    Task<MarketFeedReplay> GetFeedAfterAsync(long afterSequence, int maxItems);

    [Alias("GetAccount")]
    Task<AccountView> GetAccountAsync(string userId);

    /// <summary>Credits energy once per (user, reference).</summary>
    [Alias("CreditEnergy")]
    Task<AccountView> CreditEnergyAsync(string userId, long wh, string reference);

    /// <summary>Credits money a provider confirmed as collected, once per reference.</summary>
    [Alias("Deposit")]
    Task<AccountView> DepositAsync(string userId, long ngwee, string reference, string channel);

    /// <summary>
    /// Takes back a credited deposit that was never collected after all (see <see cref="MarketEngine.ReverseDeposit"/>);
    /// null when it was already reversed or never credited.
    /// </summary>
    [Alias("ReverseDeposit")]
    Task<DepositReversed?> ReverseDepositAsync(string userId, long ngwee, string reference, string channel);

    /// <summary>Holds money for a payout to the user's phone; idempotent by payout id.</summary>
    [Alias("RequestPayout")]
    Task<PendingPayout> RequestPayoutAsync(string userId, Guid payoutId, long ngwee, PayoutSource source, string channel);

    /// <summary>The payout's definite outcome; idempotent.</summary>
    [Alias("SettlePayout")]
    Task SettlePayoutAsync(Guid payoutId, bool paid);

    /// <summary>The ledger check: the whole journal's double entries against the live balances.</summary>
    [Alias("Audit")]
    Task<LedgerReport> AuditAsync();
}
