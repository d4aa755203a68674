using Enerlectra.Abstractions.Offers;

namespace Enerlectra.Grains.Market;

/// <summary>
/// Statuses as a person reads them in a message ("the offer is partially filled"): the words of
/// <see cref="StatusNames"/> with spaces, never an enum's own name.
/// </summary>
public static class StatusWords
{
    public static string Of(OfferStatus status) => StatusNames.Of(status).Replace('_', ' ');
}
