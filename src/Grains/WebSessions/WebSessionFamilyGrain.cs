using Enerlectra.Abstractions.WebSessions;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.WebSessions;

/// <summary>
/// A refresh-token family: one sign-in on one device and the sessions rotated from it. Each refresh token is usable
/// once; presenting a consumed one means two parties hold the family's tokens, and since the server cannot tell the
/// thief from the owner it ends the family for both. Not reentrant, so two refreshes with one token are decided one
/// after the other: the second is a reuse.
/// </summary>
public sealed class WebSessionFamilyGrain(
    [PersistentState("webSessionFamily", StorageNames.Trading)] IPersistentState<WebSessionFamilyState> state,
    TimeProvider clock,
    ILogger<WebSessionFamilyGrain> logger) : Grain, IWebSessionFamilyGrain
{
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
        await state.SaveOrRollbackAsync();
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
        if (S.Revoked)
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

    private void Record(WebSessionEvent recorded)
    {
        S.Events.Add(recorded);
        if (S.Events.Count > EventsKept)
        {
            S.Events.RemoveRange(0, S.Events.Count - EventsKept);
        }
    }
}
