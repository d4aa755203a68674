using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Enerlectra.Persistence.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Get();

    Task<string?> GetETag();

    Task<bool> RecordExists();

    Task Clear();

    Task StartTicking(string reminderName, TimeSpan period);

    Task StopTicking(string reminderName);

    Task<int> Ticks();

    Task<string> HostSilo();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }

    [Id(1)] public int Ticks { get; set; }
}

// PreferLocalPlacement makes "which silo hosts the grain" depend only on which silo the call
// came from, so the cluster test can pin the grain to the silo it then stops.
[PreferLocalPlacement]
public sealed class CounterGrain(
    [PersistentState("counter", PostgresFixtureNames.Storage)] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, ICounterGrain, IRemindable
{
    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> GetETag() => Task.FromResult(state.Etag);

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);

    public Task Clear() => state.ClearStateAsync();

    public async Task StartTicking(string reminderName, TimeSpan period)
        => await this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromSeconds(1), period);

    public async Task StopTicking(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    public Task<string> HostSilo() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}

public static class PostgresFixtureNames
{
    public const string Storage = "enerlectra";
}
