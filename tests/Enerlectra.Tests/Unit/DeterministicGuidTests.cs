using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class DeterministicGuidTests
{
    [Fact]
    public void Same_input_gives_the_same_id()
    {
        Assert.Equal(DeterministicGuid.Create("trade", "alice", "k1"), DeterministicGuid.Create("trade", "alice", "k1"));
        Assert.Equal(TradeIds.FromIdempotencyKey("alice", "k1"), TradeIds.FromIdempotencyKey("alice", "k1"));
        Assert.Equal(OfferIds.FromIdempotencyKey("alice", "k1"), OfferIds.FromIdempotencyKey("alice", "k1"));
    }

    [Fact]
    public void Stable_across_processes_and_releases()
    {
        // Ids are persisted and sent to MTN; if the derivation changed, a retry after an upgrade would start a second payment.
        var a = DeterministicGuid.Create("trade", "alice", "k1");
        Assert.Equal(a, DeterministicGuid.Create("trade", "alice", "k1"));
        Assert.Equal(a.ToString(), new Guid(a.ToByteArray()).ToString());
    }

    [Fact]
    public void Owners_scopes_and_keys_are_kept_apart()
    {
        var ids = new[]
        {
            DeterministicGuid.Create("trade", "alice", "k1"),
            DeterministicGuid.Create("trade", "bob", "k1"),
            DeterministicGuid.Create("offer", "alice", "k1"),
            DeterministicGuid.Create("trade", "alice", "k2"),
            DeterministicGuid.Create("trade", "alicek", "1"),
            TradeIds.FromIdempotencyKey("alice", "k1"),
            OfferIds.FromIdempotencyKey("alice", "k1"),
        };
        // The first and the trade-id helper are meant to agree; everything else must differ.
        Assert.Equal(ids[0], ids[5]);
        Assert.Equal(ids[2], ids[6]);
        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_are_version_4_RFC_4122_uuids()
    {
        // MTN's X-Reference-Id must be a v4 UUID; check the text form, which is what goes on the wire.
        for (var i = 0; i < 500; i++)
        {
            var text = DeterministicGuid.Create("trade", "user" + i, "key" + i).ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        }
    }
}
