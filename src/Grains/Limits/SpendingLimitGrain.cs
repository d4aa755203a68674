using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Payments;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Limits;

/// <summary>
/// Daily limits are per user, so they live with the user: concurrent trades of one buyer are checked one at a
/// time here, and two of them can never both squeeze under the same limit.
/// </summary>
public sealed class SpendingLimitGrain(
    [PersistentState("spending", StorageNames.Trading)] IPersistentState<SpendingLimitState> state,
    IOptions<PaymentLimits> limits,
    TimeProvider clock) : Grain, ISpendingLimitGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly PaymentLimits _limits = limits.Value;

    private Dictionary<Guid, SpendingHold> Holds => state.State.Holds;

    public Task HoldAsync(Guid tradeId, MobileNetwork network, long amountNgwee) => HoldAsync(tradeId, network, amountNgwee, "energyWh");

    public Task HoldAmountAsync(Guid holdId, MobileNetwork network, long amountNgwee) => HoldAsync(holdId, network, amountNgwee, "amountNgwee");

    /// <summary>Holds the amount, or refuses naming <paramref name="field"/> (the request field that set the amount).</summary>
    private async Task HoldAsync(Guid tradeId, MobileNetwork network, long amountNgwee, string field)
    {
        var now = clock.GetUtcNow();
        var changed = Trim(now);
        if (Holds.TryGetValue(tradeId, out var existing) && existing.AmountNgwee == amountNgwee && existing.Network == network)
        {
            if (changed)
            {
                await state.SaveOrRollbackAsync();
            }

            return;
        }

        var others = Holds.Where(h => h.Key != tradeId).Select(h => h.Value).ToList();
        var provider = _limits.For(network);
        var providerName = MobileMoneyRails.Name(network);
        var onNetwork = others.Where(h => h.Network == network).Sum(h => h.AmountNgwee) + amountNgwee;
        if (onNetwork > provider.DailyPerUserNgwee)
        {
            throw TradingException.Precondition(
                $"This payment would take you to {PaymentLimits.Kwacha(onNetwork)} on {providerName} in 24 hours, above the daily limit of {PaymentLimits.Kwacha(provider.DailyPerUserNgwee)}.", field);
        }

        var total = others.Sum(h => h.AmountNgwee) + amountNgwee;
        if (total > _limits.DailyPerUserNgwee)
        {
            throw TradingException.Precondition(
                $"This payment would take you to {PaymentLimits.Kwacha(total)} in 24 hours, above your daily limit of {PaymentLimits.Kwacha(_limits.DailyPerUserNgwee)}.", field);
        }

        Holds[tradeId] = new SpendingHold(network, amountNgwee, existing?.At ?? now);
        await state.SaveOrRollbackAsync();
    }

    public async Task ReleaseAsync(Guid tradeId)
    {
        if (Holds.Remove(tradeId))
        {
            await state.SaveOrRollbackAsync();
        }
    }

    public Task<IReadOnlyDictionary<MobileNetwork, long>> GetSpentAsync()
    {
        var since = clock.GetUtcNow() - Window;
        IReadOnlyDictionary<MobileNetwork, long> spent = Holds.Values.Where(h => h.At > since)
            .GroupBy(h => h.Network)
            .ToDictionary(g => g.Key, g => g.Sum(h => h.AmountNgwee));
        return Task.FromResult(spent);
    }

    /// <summary>Forgets payments older than the window; they no longer count.</summary>
    private bool Trim(DateTimeOffset now)
    {
        var expired = Holds.Where(h => h.Value.At <= now - Window).Select(h => h.Key).ToList();
        foreach (var tradeId in expired)
        {
            Holds.Remove(tradeId);
        }

        return expired.Count > 0;
    }
}
