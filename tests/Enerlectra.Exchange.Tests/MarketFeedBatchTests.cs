using Enerlectra.Exchange.Grains;

namespace Enerlectra.Exchange.Tests;

/// <summary>A big commit's feed in stream messages of at most 512 items, as an unbroken chain of whole sequences.</summary>
public class MarketFeedBatchTests
{
    [Fact]
    public void A_mass_cancel_of_1500_levels_is_cut_into_small_messages_that_chain_and_keep_every_item_in_order()
    {
        var market = new Market(new MarketRules { MaxOpenOrdersPerUser = 2_000 });
        market.Fund("bot", ngwee: 1_000_000_000);
        for (var i = 0; i < 1_500; i++)
        {
            market.Buy("bot", 1_000, 100 + i);
        }

        var before = market.Ledger.Version;
        market.Engine.CancelAll("bot", market.Now);
        var events = market.Engine.TakeEvents();
        var items = MarketFeedBuilder.Describe(events, before + 1, market.Ledger);

        // Every cancelled order and every emptied level, each level numbered with its own cancel.
        Assert.Equal(1_500, items.Count(i => i.Order?.Event == "cancelled"));
        var levels = items.Where(i => i.Kind == MarketFeedKind.Level).ToList();
        Assert.Equal(1_500, levels.Count);
        Assert.All(levels, l => Assert.Equal(0, l.Level!.QuantityWh));
        Assert.True(items.GroupBy(i => i.Sequence).Max(g => g.Count()) <= 4);
        Assert.Equal(items.Select(i => i.Sequence).Order(), items.Select(i => i.Sequence));

        var last = market.Ledger.Version;
        var batches = MarketFeedBatches.Split("m", before, last, items);
        Assert.True(batches.Count >= 6);
        Assert.All(batches, b => Assert.InRange(b.Items.Count, 0, MarketFeedBatches.MaxItems));
        Assert.Equal(before, batches[0].PreviousSequence);
        Assert.Equal(last, batches[^1].LastSequence);
        for (var b = 1; b < batches.Count; b++)
        {
            Assert.Equal(batches[b - 1].LastSequence, batches[b].PreviousSequence);
            // Whole sequences: nothing of a message's last sequence is left for the next.
            Assert.All(batches[b].Items, i => Assert.True(i.Sequence > batches[b - 1].LastSequence));
        }

        Assert.Equal(items, batches.SelectMany(b => b.Items));
    }

    [Fact]
    public void A_small_commit_is_one_message_and_a_sequence_is_never_torn_even_at_the_limit()
    {
        var small = Items(10, 1);
        var single = Assert.Single(MarketFeedBatches.Split("m", 0, 12, small));
        Assert.Equal((0L, 12L, 10), (single.PreviousSequence, single.LastSequence, single.Items.Count));

        // Three items per sequence, four to a message: each message takes three, never tearing a sequence.
        var triples = Items(30, 3);
        var batches = MarketFeedBatches.Split("m", 0, 10, triples, maxItems: 4);
        Assert.All(batches, b => Assert.Equal(3, b.Items.Count));
        Assert.Equal(triples, batches.SelectMany(b => b.Items));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), batches.Select(b => b.PreviousSequence));
    }

    private static List<MarketFeedItem> Items(int count, int perSequence) =>
        Enumerable.Range(0, count).Select(i => new MarketFeedItem(1 + i / perSequence, MarketFeedKind.Trade, DateTimeOffset.UnixEpoch)).ToList();
}
