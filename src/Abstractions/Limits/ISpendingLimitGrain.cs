using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Limits;

/// <summary>
/// One user's mobile money spending over the last 24 hours, keyed by user id: trades and deposits alike. A trade
/// holds its amount here before any energy is reserved, a deposit before it is sent; the hold is dropped if the
/// payment fails.
/// </summary>
[Alias("enerlectra.ISpendingLimitGrain")]
public interface ISpendingLimitGrain : IGrainWithStringKey
{
    /// <summary>
    /// Holds <paramref name="amountNgwee"/> for a trade, or refuses with a FailedPrecondition naming the limit.
    /// Holding again for the same trade replaces its amount.
    /// </summary>
    [Alias("Hold")]
    Task HoldAsync(Guid tradeId, MobileNetwork network, long amountNgwee);

    /// <summary>
    /// As <see cref="HoldAsync"/>, for an amount the user named in ngwee (a deposit, by deposit id): a refusal names
    /// amountNgwee rather than the trade's energyWh.
    /// </summary>
    [Alias("HoldAmount")]
    Task HoldAmountAsync(Guid holdId, MobileNetwork network, long amountNgwee);

    /// <summary>The trade's (or deposit's) payment failed: its amount no longer counts.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid tradeId);

    /// <summary>Spent or held in the last 24 hours, per network.</summary>
    [Alias("GetSpent")]
    Task<IReadOnlyDictionary<MobileNetwork, long>> GetSpentAsync();
}
