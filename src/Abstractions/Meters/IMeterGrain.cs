using Enerlectra.Abstractions.Wallets;
using Orleans;

namespace Enerlectra.Abstractions.Meters;

/// <summary>
/// One meter identity (the token subject a meter or head-end system reports with), keyed by that identity. It holds
/// the operators' bindings of the identity to the users it may report for, each with the capacity it can generate,
/// and the recent readings it accepted; it credits each accepted reading to the user's wallet exactly once.
/// </summary>
[Alias("enerlectra.IMeterGrain")]
public interface IMeterGrain : IGrainWithStringKey
{
    /// <summary>Binds this identity to a user, or updates the binding (same values: no change). Operators only.</summary>
    [Alias("Register")]
    Task<MeterSnapshot> RegisterAsync(RegisterMeterCommand command);

    /// <summary>Stops this identity reporting for <paramref name="userId"/>; its reading history is kept. Idempotent.</summary>
    [Alias("Unregister")]
    Task<MeterSnapshot> UnregisterAsync(string userId, string requestedBy);

    /// <summary>The bindings, or a NotFound <see cref="Errors.TradingException"/> for an identity never registered.</summary>
    [Alias("Get")]
    Task<MeterSnapshot> GetAsync();

    /// <summary>
    /// Accepts a reading for a bound user if it fits what the meter can generate since its previous reading, saves it,
    /// then credits the user's wallet. Repeating an accepted reading id gives the same answer and changes nothing.
    /// </summary>
    [Alias("RecordReading")]
    Task<WalletSnapshot> RecordReadingAsync(MeterReading reading);
}
