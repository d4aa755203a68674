using System.Globalization;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;

namespace Enerlectra.Grains.Market;

/// <summary>
/// Open offers ordered cheapest first, then oldest, then by id; pages are cut by key, not offset, so offers appearing
/// or leaving between two page requests never make a client skip or repeat one.
/// </summary>
public sealed class OfferIndex
{
    public const int MaxPageSize = OfferPaging.MaxPageSize;
    public const int DefaultPageSize = OfferPaging.DefaultPageSize;

    private readonly Dictionary<Guid, OfferSnapshot> _offers;
    private readonly SortedSet<Key> _order = new();

    public OfferIndex(Dictionary<Guid, OfferSnapshot> offers)
    {
        _offers = offers;
        foreach (var offer in offers.Values)
        {
            _order.Add(Key.Of(offer));
        }
    }

    public int Count => _offers.Count;

    public IEnumerable<OfferSnapshot> All => _offers.Values;

    /// <summary>The offer as listed, or null when it is not (or no longer) for sale.</summary>
    public OfferSnapshot? Find(Guid offerId) => _offers.GetValueOrDefault(offerId);

    /// <summary>Applies a newer snapshot; returns false when it is older than what the index holds.</summary>
    public bool Apply(OfferSnapshot offer)
    {
        if (_offers.TryGetValue(offer.OfferId, out var current))
        {
            if (current.Version >= offer.Version)
            {
                return false;
            }

            _order.Remove(Key.Of(current));
            _offers.Remove(offer.OfferId);
        }

        if (offer.Status.IsTradable() && offer.RemainingWh > 0)
        {
            _offers[offer.OfferId] = offer;
            _order.Add(Key.Of(offer));
        }

        return true;
    }

    public OfferPage Page(int pageSize, string? pageToken)
    {
        var size = OfferPaging.PageSize(pageSize);
        OfferPaging.CheckPageToken(pageToken);
        IEnumerable<Key> keys = _order;
        if (!string.IsNullOrEmpty(pageToken))
        {
            var after = Key.Parse(pageToken);
            keys = _order.Count == 0 || _order.Comparer.Compare(after, _order.Max) >= 0
                ? []
                : _order.GetViewBetween(after, _order.Max).Where(k => k.CompareTo(after) > 0);
        }

        var page = keys.Take(size + 1).ToList();
        var hasMore = page.Count > size;
        if (hasMore)
        {
            page.RemoveAt(size);
        }

        return new OfferPage(
            page.Select(k => _offers[k.OfferId]).ToList(),
            hasMore ? page[^1].ToToken() : string.Empty,
            _offers.Count);
    }

    private readonly record struct Key(long Price, long CreatedTicks, Guid OfferId) : IComparable<Key>
    {
        public static Key Of(OfferSnapshot offer) => new(offer.PricePerKwhNgwee, offer.CreatedAt.UtcTicks, offer.OfferId);

        public int CompareTo(Key other)
        {
            var c = Price.CompareTo(other.Price);
            if (c != 0)
            {
                return c;
            }

            c = CreatedTicks.CompareTo(other.CreatedTicks);
            return c != 0 ? c : OfferId.CompareTo(other.OfferId);
        }

        public string ToToken() => $"{Price}.{CreatedTicks}.{OfferId:N}";

        public static Key Parse(string token)
        {
            var parts = token.Split('.');
            if (parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var price)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && Guid.TryParseExact(parts[2], "N", out var id))
            {
                return new Key(price, ticks, id);
            }

            throw TradingException.Invalid("pageToken", "pageToken is not one this server returned.");
        }
    }
}
