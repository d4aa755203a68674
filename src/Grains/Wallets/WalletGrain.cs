using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Wallets;

public sealed class WalletGrain(
    [PersistentState("wallet", StorageNames.Trading)] IPersistentState<WalletState> state,
    IOptions<TradingOptions> options,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain
{
    private readonly TradingOptions _options = options.Value;

    private WalletState S => state.State;

    private string UserId => this.GetPrimaryKeyString();

    public Task<WalletSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<WalletSnapshot> RecordGenerationAsync(string readingId, long generatedWh, string recordedBy)
    {
        if (string.IsNullOrWhiteSpace(readingId) || readingId.Length > 128)
        {
            throw TradingException.Invalid("readingId", "readingId is required and must be at most 128 characters.");
        }

        if (generatedWh <= 0)
        {
            throw TradingException.Invalid("generatedWh", "generatedWh must be greater than zero.");
        }

        if (generatedWh > _options.MaxReadingWh)
        {
            throw TradingException.Invalid("generatedWh", $"generatedWh must be at most {_options.MaxReadingWh} Wh per reading.");
        }

        var operationId = "reading:" + readingId;
        if (S.Applied.Contains(operationId))
        {
            if (S.RecentReadings.TryGetValue(readingId, out var recorded) && recorded != generatedWh)
            {
                throw TradingException.Conflict($"Reading '{readingId}' was already recorded with {recorded} Wh.", "readingId");
            }

            return Snapshot();
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.RecentReadings[readingId] = generatedWh;
        TrimReadings();
        S.AvailableWh = checked(S.AvailableWh + generatedWh);
        S.GeneratedWh = checked(S.GeneratedWh + generatedWh);
        await SaveAsync();
        logger.LogInformation("Recorded {GeneratedWh} Wh for {UserId} from reading {ReadingId} by {RecordedBy}", generatedWh, UserId, readingId, recordedBy);
        return Snapshot();
    }

    public async Task<WalletSnapshot> SetPhoneAsync(string phoneNumber, MobileNetwork? network)
    {
        var msisdn = ZambianMsisdn.Parse(phoneNumber, "phoneNumber");
        var chosen = network ?? msisdn.Network;
        if (S.PhoneNumber == msisdn.Digits && S.PhoneNetwork == chosen)
        {
            return Snapshot();
        }

        S.PhoneNumber = msisdn.Digits;
        S.PhoneNetwork = chosen;
        await SaveAsync();
        return Snapshot();
    }

    public async Task ReserveForOfferAsync(string operationId, long energyWh)
    {
        RequirePositive(energyWh);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        if (S.AvailableWh < energyWh)
        {
            throw TradingException.Precondition(
                $"Not enough energy to offer: {S.AvailableWh} Wh available, {energyWh} Wh requested.", "energyWh");
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.AvailableWh -= energyWh;
        S.ReservedWh += energyWh;
        await SaveAsync();
    }

    public async Task ReleaseReservedAsync(string operationId, long energyWh)
    {
        RequirePositive(energyWh);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        EnsureReserved(energyWh, operationId);
        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.ReservedWh -= energyWh;
        S.AvailableWh += energyWh;
        await SaveAsync();
    }

    public async Task SettleSaleAsync(string operationId, long energyWh, long netEarningsNgwee)
    {
        RequirePositive(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegative(netEarningsNgwee);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        EnsureReserved(energyWh, operationId);
        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.ReservedWh -= energyWh;
        S.EarningsNgwee = checked(S.EarningsNgwee + netEarningsNgwee);
        await SaveAsync();
    }

    public async Task CreditPurchaseAsync(string operationId, long energyWh, long paidNgwee)
    {
        RequirePositive(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegative(paidNgwee);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.BoughtWh = checked(S.BoughtWh + energyWh);
        S.SpentNgwee = checked(S.SpentNgwee + paidNgwee);
        await SaveAsync();
    }

    private async Task SaveAsync()
    {
        S.Version++;
        await state.SaveOrRollbackAsync();
    }

    private void EnsureReserved(long energyWh, string operationId)
    {
        // Reserved energy only ever leaves through the offer that reserved it, so a shortfall is a bug, not user error.
        if (S.ReservedWh < energyWh)
        {
            throw new InvalidOperationException(
                $"Wallet {UserId} has {S.ReservedWh} Wh reserved but operation {operationId} takes {energyWh} Wh.");
        }
    }

    private static void RequirePositive(long energyWh) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(energyWh);

    private void TrimReadings()
    {
        if (S.RecentReadings.Count <= _options.AppliedOperationsWindow)
        {
            return;
        }

        foreach (var key in S.RecentReadings.Keys.Where(k => !S.Applied.Contains("reading:" + k)).ToList())
        {
            S.RecentReadings.Remove(key);
        }
    }

    private WalletSnapshot Snapshot() => new(
        UserId, S.AvailableWh, S.ReservedWh, S.BoughtWh, S.GeneratedWh, S.EarningsNgwee, S.SpentNgwee,
        S.PhoneNumber is null ? null : "+" + S.PhoneNumber, S.PhoneNetwork, S.Version);
}
