namespace Enerlectra.Abstractions.Payments;

/// <summary>What a trade made of a provider callback.</summary>
public enum ProviderCallbackOutcome
{
    /// <summary>Taken as a hint: the trade will confirm with the provider (or is already final and needs nothing).</summary>
    Accepted = 0,

    /// <summary>No trade has this reference; nothing was done.</summary>
    UnknownTrade = 1,

    /// <summary>This exact signed callback was already received for this trade: a replay, ignored.</summary>
    Replayed = 2,
}
