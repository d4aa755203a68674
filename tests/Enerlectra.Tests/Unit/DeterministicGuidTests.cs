using Enerlectra.Abstractions.Identity;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>The unkeyed ids of things known from public chain data (see <see cref="KeyedIdsTests"/> for the rest).</summary>
public class DeterministicGuidTests
{
    [Fact]
    public void Stable_across_processes_and_releases()
    {
        // Chain-derived ids are persisted; if the derivation changed, a replayed chain event would be recorded twice.
        var a = DeterministicGuid.Create("chain-trade", "31337:0xabc", "0x01:0:0x02");
        Assert.Equal(a, DeterministicGuid.Create("chain-trade", "31337:0xabc", "0x01:0:0x02"));
        Assert.Equal(a.ToString(), new Guid(a.ToByteArray()).ToString());
    }

    [Fact]
    public void Owners_scopes_and_keys_are_kept_apart()
    {
        var ids = new[]
        {
            DeterministicGuid.Create("chain-trade", "a", "k1"),
            DeterministicGuid.Create("chain-trade", "b", "k1"),
            DeterministicGuid.Create("chain-offer", "a", "k1"),
            DeterministicGuid.Create("chain-trade", "a", "k2"),
            DeterministicGuid.Create("chain-trade", "ak", "1"),
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_are_version_4_RFC_4122_uuids()
    {
        for (var i = 0; i < 500; i++)
        {
            var text = DeterministicGuid.Create("chain-trade", "owner" + i, "key" + i).ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        }
    }
}
