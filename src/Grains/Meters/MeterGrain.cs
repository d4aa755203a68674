using System.Globalization;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Meters;

/// <summary>
/// A meter identity: the users operators bound it to, and what it may report for each. A reading is accepted only
/// for a bound user, after the previous one, and up to what the registered capacity can generate in between; it is
/// saved here before the wallet is credited, so a crash between the two is repaired by the meter's retry (or this
/// grain's next activation) sending the same credit again, which the wallet applies once.
/// </summary>
public sealed class MeterGrain(
    [PersistentState("meter", StorageNames.Trading)] IPersistentState<MeterState> state,
    IOptions<MeterOptions> options,
    IOptions<TradingOptions> tradingOptions,
    TimeProvider clock,
    ILogger<MeterGrain> logger) : Grain, IMeterGrain
{
    private readonly MeterOptions _options = options.Value;
    private readonly TradingOptions _trading = tradingOptions.Value;

    private MeterState S => state.State;

    private string MeterId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Readings saved but not known to be credited (a crash or failure in between): credit them now, whatever
        // call woke the meter, rather than wait for the meter to retry each one.
        foreach (var reading in S.Recent.Where(r => !r.Credited).ToList())
        {
            try
            {
                await CreditAsync(reading);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Reading {ReadingId} of meter {MeterId} for {UserId} could not be credited yet", reading.ReadingId, MeterId, reading.UserId);
            }
        }
    }

    public async Task<MeterSnapshot> RegisterAsync(RegisterMeterCommand command)
    {
        var userId = Ids.RequireUserId(command.UserId, "userId");
        if (command.CapacityW <= 0 || command.CapacityW > _options.MaxCapacityW)
        {
            throw TradingException.Invalid("capacityW", $"capacityW must be between 1 and {_options.MaxCapacityW} W; got {command.CapacityW}.");
        }

        var now = clock.GetUtcNow();
        S.Bindings.TryGetValue(userId, out var binding);
        // An update of an active binding (say, a new capacity) keeps its interval running. A new or re-activated one
        // starts now unless told otherwise: while unbound the meter may have been anywhere, and that time is not
        // this user's generation.
        var commissionedAt = command.CommissionedAt ?? (binding is { Active: true } ? binding.CommissionedAt : now);
        if (binding is { Active: true } && binding.CapacityW == command.CapacityW && binding.CommissionedAt == commissionedAt)
        {
            return Snapshot();
        }

        if (binding is null)
        {
            binding = new MeterBindingState();
            S.Bindings[userId] = binding;
        }

        binding.CapacityW = command.CapacityW;
        binding.CommissionedAt = commissionedAt;
        binding.Active = true;
        binding.UpdatedBy = command.RequestedBy;
        binding.UpdatedAt = now;
        await SaveAsync();
        logger.LogInformation("Meter {MeterId} registered for {UserId}: {CapacityW} W from {CommissionedAt:O}, by {RequestedBy}",
            MeterId, userId, command.CapacityW, commissionedAt, command.RequestedBy);
        return Snapshot();
    }

    public async Task<MeterSnapshot> UnregisterAsync(string userId, string requestedBy)
    {
        Ids.RequireUserId(userId, "userId");
        if (!S.Bindings.TryGetValue(userId, out var binding))
        {
            throw TradingException.NotFound("userId", $"Meter '{MeterId}' was never registered for '{userId}'.");
        }

        if (binding.Active)
        {
            binding.Active = false;
            binding.UpdatedBy = requestedBy;
            binding.UpdatedAt = clock.GetUtcNow();
            await SaveAsync();
            logger.LogInformation("Meter {MeterId} no longer reports for {UserId}, by {RequestedBy}", MeterId, userId, requestedBy);
        }

        return Snapshot();
    }

    public Task<MeterSnapshot> GetAsync() =>
        S.Bindings.Count == 0
            ? throw TradingException.NotFound("meterId", $"Meter '{MeterId}' is not registered.")
            : Task.FromResult(Snapshot());

    public async Task<WalletSnapshot> RecordReadingAsync(MeterReading reading)
    {
        var readingId = ReadingIds.Require(reading.ReadingId);
        var userId = Ids.RequireUserId(reading.UserId, "userId");
        if (reading.GeneratedWh <= 0)
        {
            throw TradingException.Invalid("generatedWh", "generatedWh must be greater than zero.");
        }

        if (reading.GeneratedWh > _trading.MaxReadingWh)
        {
            throw TradingException.Invalid("generatedWh", $"generatedWh must be at most {_trading.MaxReadingWh} Wh per reading.");
        }

        var now = clock.GetUtcNow();
        if (reading.ReadAt is { } given && given > now + _options.MaxClockSkew)
        {
            throw TradingException.Invalid("readAt", $"readAt {given:O} is in the future (server time {now:O}); a reading reports energy already generated.");
        }

        // A retry of an accepted reading gets the same answer, although its time is no longer after the latest one.
        var accepted = S.Recent.FindLast(r => r.UserId == userId && r.ReadingId == readingId);
        if (accepted is not null)
        {
            if (accepted.GeneratedWh != reading.GeneratedWh || (reading.ReadAt is { } at && at != accepted.ReadAt))
            {
                throw TradingException.Conflict(
                    $"Reading '{readingId}' for '{userId}' was already recorded with {accepted.GeneratedWh} Wh at {accepted.ReadAt:O}.", "readingId");
            }

            return await CreditAsync(accepted);
        }

        if (!S.Bindings.TryGetValue(userId, out var binding) || !binding.Active)
        {
            throw TradingException.Denied($"Meter '{MeterId}' is not registered to report for '{userId}'; an operator must register it first.", "userId");
        }

        var readAt = reading.ReadAt ?? now;
        var afterPrevious = binding.LastReadAt is { } last && last >= binding.CommissionedAt;
        var since = afterPrevious ? binding.LastReadAt!.Value : binding.CommissionedAt;
        if (readAt <= since)
        {
            throw TradingException.Precondition(afterPrevious
                ? $"readAt {readAt:O} must be after the previous reading '{binding.LastReadingId}' of meter '{MeterId}' for '{userId}' at {since:O}."
                : $"readAt {readAt:O} must be after meter '{MeterId}' was commissioned for '{userId}' at {since:O}.", "readAt");
        }

        var interval = readAt - since;
        var allowedWh = Math.Min(MeterAllowance.AllowedWh(binding.CapacityW, interval), _trading.MaxReadingWh);
        if (reading.GeneratedWh > allowedWh)
        {
            throw TradingException.Precondition(
                $"generatedWh {reading.GeneratedWh} Wh is more than meter '{MeterId}' ({binding.CapacityW} W) can generate for '{userId}' " +
                $"in the {interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s from {since:O} to {readAt:O}: at most {allowedWh} Wh.",
                "generatedWh");
        }

        var entry = new AcceptedReading
        {
            UserId = userId,
            ReadingId = readingId,
            ReadAt = readAt,
            GeneratedWh = reading.GeneratedWh,
            PreviousReadAt = binding.LastReadAt,
            PreviousReadingId = binding.LastReadingId,
        };
        S.Recent.Add(entry);
        TrimRecent();
        binding.LastReadAt = readAt;
        binding.LastReadingId = readingId;
        binding.GeneratedWh = checked(binding.GeneratedWh + reading.GeneratedWh);
        binding.ReadingCount++;
        await SaveAsync();
        return await CreditAsync(entry);
    }

    /// <summary>Credits an accepted reading to the wallet unless that is already confirmed; the wallet's answer either way.</summary>
    private async Task<WalletSnapshot> CreditAsync(AcceptedReading reading)
    {
        var wallet = GrainFactory.GetGrain<IWalletGrain>(reading.UserId);
        if (reading.Credited)
        {
            // Not sent again: the wallet remembers recent credit ids only, and this one may be long past.
            return await wallet.GetAsync();
        }

        WalletSnapshot snapshot;
        try
        {
            snapshot = await wallet.RecordGenerationAsync(ReadingIds.ForMeter(MeterId, reading.ReadingId), reading.GeneratedWh, MeterId);
        }
        catch (TradingException ex)
        {
            // A refusal means nothing was credited: the reading is withdrawn, so the meter may correct and resend it.
            await UndoAsync(reading, ex.Message);
            throw;
        }

        reading.Credited = true;
        try
        {
            await SaveAsync();
        }
        catch (Exception ex)
        {
            // The credit stands; only the note that it is done was lost, so it is sent again later and applied once.
            logger.LogWarning(ex, "Reading {ReadingId} of meter {MeterId} for {UserId} was credited but could not be marked so", reading.ReadingId, MeterId, reading.UserId);
        }

        return snapshot;
    }

    private async Task UndoAsync(AcceptedReading reading, string reason)
    {
        S.Recent.Remove(reading);
        if (S.Bindings.TryGetValue(reading.UserId, out var binding))
        {
            if (binding.LastReadingId == reading.ReadingId && binding.LastReadAt == reading.ReadAt)
            {
                binding.LastReadAt = reading.PreviousReadAt;
                binding.LastReadingId = reading.PreviousReadingId;
            }

            binding.GeneratedWh -= reading.GeneratedWh;
            binding.ReadingCount--;
        }

        await SaveAsync();
        logger.LogWarning("Reading {ReadingId} of meter {MeterId} for {UserId} was withdrawn: the wallet refused it ({Reason})", reading.ReadingId, MeterId, reading.UserId, reason);
    }

    /// <summary>Forgets the oldest credited readings beyond the window; one not yet credited stays until it is.</summary>
    private void TrimRecent()
    {
        var excess = S.Recent.Count - _options.RecentReadingsWindow;
        for (var i = 0; excess > 0 && i < S.Recent.Count;)
        {
            if (S.Recent[i].Credited)
            {
                S.Recent.RemoveAt(i);
                excess--;
            }
            else
            {
                i++;
            }
        }
    }

    private async Task SaveAsync()
    {
        S.Version++;
        await state.SaveOrRollbackAsync();
    }

    private MeterSnapshot Snapshot() => new(
        MeterId,
        S.Bindings.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new MeterBindingSnapshot(
            b.Key, b.Value.CapacityW, b.Value.CommissionedAt, b.Value.Active, b.Value.LastReadAt, b.Value.LastReadingId,
            b.Value.GeneratedWh, b.Value.ReadingCount, b.Value.UpdatedBy, b.Value.UpdatedAt)).ToList());
}
