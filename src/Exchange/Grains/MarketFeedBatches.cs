namespace Enerlectra.Exchange.Grains;

/// <summary>
/// Cuts one commit's feed items into stream messages of at most <see cref="MaxItems"/> items: a commit of thousands
/// of items (a mass cancel, a sweep of many levels) in one message would exceed the stream's message size limit and
/// stall the feed. Cuts fall only between sequence numbers, so every message ends with the whole of its last
/// sequence, and each message's <see cref="MarketFeedBatch.PreviousSequence"/> is the one before's
/// <see cref="MarketFeedBatch.LastSequence"/>: a subscriber sees an unbroken chain and tells a lost message from
/// the next part of a commit. The last message ends at the commit's last version.
/// </summary>
public static class MarketFeedBatches
{
    public const int MaxItems = 512;

    /// <param name="items">The commit's items, in sequence order, none after <paramref name="lastSequence"/>.</param>
    public static IReadOnlyList<MarketFeedBatch> Split(string marketId, long previousSequence, long lastSequence, IReadOnlyList<MarketFeedItem> items, int maxItems = MaxItems)
    {
        if (items.Count <= maxItems)
        {
            return [new MarketFeedBatch(marketId, previousSequence, lastSequence, items)];
        }

        var batches = new List<MarketFeedBatch>(items.Count / maxItems + 1);
        var start = 0;
        var previous = previousSequence;
        while (items.Count - start > maxItems)
        {
            // The largest cut that keeps a sequence's items together; one sequence has only a handful of items
            // (MarketFeedBuilder), but should one ever exceed a message, it is sent whole rather than torn.
            var end = start + maxItems;
            while (end > start + 1 && items[end].Sequence == items[end - 1].Sequence)
            {
                end--;
            }

            if (end == start + 1 && items[end].Sequence == items[end - 1].Sequence)
            {
                end = start + maxItems;
                while (end < items.Count && items[end].Sequence == items[end - 1].Sequence)
                {
                    end++;
                }
            }

            var part = Slice(items, start, end);
            var last = part[^1].Sequence;
            batches.Add(new MarketFeedBatch(marketId, previous, last, part));
            previous = last;
            start = end;
        }

        batches.Add(new MarketFeedBatch(marketId, previous, lastSequence, Slice(items, start, items.Count)));
        return batches;
    }

    private static MarketFeedItem[] Slice(IReadOnlyList<MarketFeedItem> items, int start, int end)
    {
        var part = new MarketFeedItem[end - start];
        for (var i = start; i < end; i++)
        {
            part[i - start] = items[i];
        }

        return part;
    }
}
