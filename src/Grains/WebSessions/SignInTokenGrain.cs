using Enerlectra.Abstractions.WebSessions;
using Enerlectra.Grains.Infrastructure;

namespace Enerlectra.Grains.WebSessions;

/// <summary>Remembers that an issuer token was exchanged for a session, durably, until the token has expired.</summary>
public sealed class SignInTokenGrain(
    [PersistentState("signInToken", StorageNames.Trading)] IPersistentState<SignInTokenState> state,
    TimeProvider clock) : Grain, ISignInTokenGrain, IRemindable
{
    private const string ForgetReminder = "forget";

    public async Task<bool> UseAsync(DateTimeOffset tokenExpiresAt)
    {
        if (state.State.Used)
        {
            return false;
        }

        state.State.Used = true;
        state.State.ExpiresAt = tokenExpiresAt;
        await state.SaveOrRollbackAsync();
        var due = tokenExpiresAt - clock.GetUtcNow();
        await this.RegisterOrUpdateReminder(ForgetReminder, due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due, TimeSpan.FromHours(1));
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Used && clock.GetUtcNow() < state.State.ExpiresAt)
        {
            return;
        }

        // Expired: the token is refused by its own expiry from now on, so its record can go.
        await state.ClearStateAsync();
        if (await this.GetReminder(ForgetReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        DeactivateOnIdle();
    }
}
