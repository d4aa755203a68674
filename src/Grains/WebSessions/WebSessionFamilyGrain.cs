using Enerlectra.Abstractions.WebSessions;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.WebSessions;

/// <summary>
/// A refresh-token family: one sign-in on one device and the sessions rotated from it. Each refresh token is usable
/// once; presenting a consumed one means two parties hold the family's tokens, and since the server cannot tell the
/// thief from the owner it ends the family for both. Not reentrant, so two refreshes with one token are decided one
/// after the other: the second is a reuse. A reminder deletes the family from storage once its current refresh token
/// has been expired for <see cref="WebSessionFamilyState.KeptAfterExpiry"/> (a revoked family too: its refresh token
/// is refused anyway, and a deleted family reads as not active), so families do not pile up in storage.
/// </summary>
public sealed class WebSessionFamilyGrain(
    [PersistentState("webSessionFamily", StorageNames.Trading)] IPersistentState<WebSessionFamilyState> state,
    TimeProvider clock,
    ILogger<WebSessionFamilyGrain> logger) : Grain, IWebSessionFamilyGrain, IRemindable
{
    private const string ForgetReminder = "forget";

    /// <summary>How often the reminder comes back if it could not finish (it is re-aimed at the due time each time).</summary>
    private static readonly TimeSpan ForgetRetry = TimeSpan.FromHours(1);

    /// <summary>How many consumed token hashes are kept: a day of 15-minute rotations, far past any stolen token's use.</summary>
    private const int ConsumedKept = 100;

    private const int EventsKept = 50;

    private WebSessionFamilyState S => state.State;

    private string FamilyId => this.GetPrimaryKeyString();

    public async Task<bool> StartAsync(WebSessionStart start)
    {
        if (S.Started)
        {
            return false;
        }

        S.Started = true;
        S.UserId = start.UserId;
        S.Roles = [.. start.Roles];
        S.DeviceId = start.DeviceId;
        S.UserAgentHash = start.UserAgentHash;
        S.CurrentHash = start.RefreshHash;
        S.CurrentExpiresAt = start.RefreshExpiresAt;
        S.KeptAfterExpiry = start.KeptAfterExpiry < TimeSpan.Zero ? TimeSpan.Zero : start.KeptAfterExpiry;
        await state.SaveOrRollbackAsync();
        await AimForgetReminderAsync();
        return true;
    }

    public async Task<WebSessionRotation> RotateAsync(WebSessionRefresh refresh)
    {
        if (!S.Started || S.Revoked)
        {
            return WebSessionRotation.Refused(RefreshOutcome.Revoked);
        }

        var now = clock.GetUtcNow();
        if (S.ConsumedHashes.Contains(refresh.PresentedHash, StringComparer.Ordinal))
        {
            logger.LogWarning(
                "A consumed refresh token of user {UserId} was presented again (device {DeviceId}): web session family {FamilyId} revoked",
                S.UserId, refresh.DeviceId, FamilyId);
            S.Revoked = true;
            Record(new WebSessionEvent(WebSessionEventKind.RefreshReused, now, $"consumed refresh token presented again from device {refresh.DeviceId}"));
            await state.SaveOrRollbackAsync();
            return WebSessionRotation.Refused(RefreshOutcome.Reused);
        }

        if (!string.Equals(S.CurrentHash, refresh.PresentedHash, StringComparison.Ordinal))
        {
            return WebSessionRotation.Refused(RefreshOutcome.Unknown);
        }

        if (!string.Equals(S.DeviceId, refresh.DeviceId, StringComparison.Ordinal)
            || !string.Equals(S.UserAgentHash, refresh.UserAgentHash, StringComparison.Ordinal))
        {
            // Not consumed and not revoked: the owner's device keeps working, the other one learns nothing.
            logger.LogWarning(
                "A refresh token of user {UserId} (web session family {FamilyId}) came from another device ({DeviceId}) than it was issued to: refused",
                S.UserId, FamilyId, refresh.DeviceId);
            Record(new WebSessionEvent(WebSessionEventKind.OtherDevice, now, $"refresh from device {refresh.DeviceId} refused"));
            await state.SaveOrRollbackAsync();
            return WebSessionRotation.Refused(RefreshOutcome.OtherDevice);
        }

        if (now >= S.CurrentExpiresAt)
        {
            return WebSessionRotation.Refused(RefreshOutcome.Expired);
        }

        S.ConsumedHashes.Add(S.CurrentHash);
        if (S.ConsumedHashes.Count > ConsumedKept)
        {
            S.ConsumedHashes.RemoveRange(0, S.ConsumedHashes.Count - ConsumedKept);
        }

        S.CurrentHash = refresh.NextHash;
        S.CurrentExpiresAt = refresh.NextExpiresAt;
        S.Rotations++;
        await state.SaveOrRollbackAsync();
        return new WebSessionRotation(RefreshOutcome.Rotated, S.UserId, [.. S.Roles]);
    }

    public async Task RevokeAsync(string reason)
    {
        // Never started, or already deleted: nothing to end (and no row to write back).
        if (!S.Started || S.Revoked)
        {
            return;
        }

        S.Revoked = true;
        Record(new WebSessionEvent(WebSessionEventKind.Revoked, clock.GetUtcNow(), reason));
        await state.SaveOrRollbackAsync();
    }

    public async Task<bool> RevokeByRefreshAsync(string presentedHash, string reason)
    {
        if (!S.Started
            || (!string.Equals(S.CurrentHash, presentedHash, StringComparison.Ordinal) && !S.ConsumedHashes.Contains(presentedHash, StringComparer.Ordinal)))
        {
            return false;
        }

        await RevokeAsync(reason);
        return true;
    }

    public Task<bool> IsActiveAsync() => Task.FromResult(S.Started && !S.Revoked);

    public Task<WebSessionFamilySnapshot> GetAsync() =>
        Task.FromResult(new WebSessionFamilySnapshot(S.UserId, S.DeviceId, S.Started && !S.Revoked, S.Rotations, [.. S.Events]));

    /// <summary>
    /// Deletes the family once it is past its forget time; before that (it was refreshed since the reminder was set),
    /// aims the reminder at the new time. Rotations do not touch the reminder, so a refresh costs no reminder write.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ForgetReminder)
        {
            return;
        }

        if (!S.Started)
        {
            await StopForgetReminderAsync();
            return;
        }

        if (clock.GetUtcNow() < ForgetAt)
        {
            await AimForgetReminderAsync();
            return;
        }

        logger.LogInformation(
            "Web session family {FamilyId} of user {UserId} expired at {ExpiresAt} (revoked: {Revoked}): deleted from storage",
            FamilyId, S.UserId, S.CurrentExpiresAt, S.Revoked);
        await state.ClearStateAsync();
        await StopForgetReminderAsync();
        DeactivateOnIdle();
    }

    private DateTimeOffset ForgetAt => S.CurrentExpiresAt + S.KeptAfterExpiry;

    private async Task AimForgetReminderAsync()
    {
        var due = ForgetAt - clock.GetUtcNow();
        await this.RegisterOrUpdateReminder(ForgetReminder, due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due, ForgetRetry);
    }

    private async Task StopForgetReminderAsync()
    {
        if (await this.GetReminder(ForgetReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void Record(WebSessionEvent recorded)
    {
        S.Events.Add(recorded);
        if (S.Events.Count > EventsKept)
        {
            S.Events.RemoveRange(0, S.Events.Count - EventsKept);
        }
    }
}
