using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Enerlectra.Grains.Wallets;

/// <summary>
/// Every trade of a market credits its fee here, so this grain is reentrant and commits in groups
/// (<see cref="CoalescingWriter"/>) rather than once per trade.
/// </summary>
[Reentrant]
public sealed class PlatformAccountGrain : Grain, IPlatformAccountGrain
{
    private readonly IPersistentState<PlatformAccountState> _state;
    private readonly TradingOptions _options;
    private readonly CoalescingWriter _writer;

    public PlatformAccountGrain(
        [PersistentState("platform", StorageNames.Trading)] IPersistentState<PlatformAccountState> state,
        IOptions<TradingOptions> options)
    {
        _state = state;
        _options = options.Value;
        _writer = new CoalescingWriter(() => _state.WriteStateAsync(), DeactivateOnIdle);
    }

    public async Task CreditFeeAsync(string operationId, long feeNgwee)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feeNgwee);
        if (!_state.State.Applied.Add(operationId, _options.AppliedOperationsWindow))
        {
            // Already credited, though perhaps not yet saved: wait for the pending write so the caller's retry
            // only returns once the fee is durable.
            await _writer.WriteAsync();
            return;
        }

        _state.State.FeesNgwee = checked(_state.State.FeesNgwee + feeNgwee);
        _state.State.TradeCount++;
        await _writer.WriteAsync();
    }

    public async Task ReverseFeeAsync(string operationId, long feeNgwee)
    {
        if (!_state.State.Applied.Add(operationId, _options.AppliedOperationsWindow))
        {
            await _writer.WriteAsync();
            return;
        }

        _state.State.FeesNgwee -= feeNgwee;
        _state.State.TradeCount--;
        await _writer.WriteAsync();
    }

    public Task<PlatformAccountSnapshot> GetAsync() =>
        Task.FromResult(new PlatformAccountSnapshot(_state.State.FeesNgwee, _state.State.TradeCount));
}
