using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Grains.Infrastructure;

namespace Enerlectra.Grains.Chain;

[GenerateSerializer, Alias("enerlectra.WalletAddressState")]
public sealed record WalletAddressState
{
    [Id(0)] public string? UserId { get; set; }
}

/// <summary>One wallet address and the one user it belongs to.</summary>
public sealed class WalletAddressGrain(
    [PersistentState("walletAddress", StorageNames.Trading)] IPersistentState<WalletAddressState> state) : Grain, IWalletAddressGrain
{
    public async Task ClaimAsync(string userId)
    {
        if (state.State.UserId == userId)
        {
            return;
        }

        if (state.State.UserId is not null)
        {
            throw TradingException.Conflict("This wallet address is already linked to another account.", "address");
        }

        state.State.UserId = userId;
        await state.SaveOrRollbackAsync();
    }

    public async Task ReleaseAsync(string userId)
    {
        if (state.State.UserId != userId)
        {
            return;
        }

        state.State.UserId = null;
        await state.SaveOrRollbackAsync();
    }

    public Task<string?> GetUserAsync() => Task.FromResult(state.State.UserId);
}
