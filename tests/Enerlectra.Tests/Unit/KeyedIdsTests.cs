using System.Security.Cryptography;
using System.Text;
using Enerlectra.Abstractions.Identity;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>
/// Ids from idempotency keys and payout counters are HMAC-SHA256 under the server's id key: stable for a key,
/// unrelated across keys, version-4 UUIDs, and not the old unkeyed SHA-256 that anyone could recompute.
/// </summary>
public class KeyedIdsTests
{
    /// <summary>The bytes 0, 1, ..., 31.</summary>
    private const string KeyA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(100, 40).Select(i => (byte)i).ToArray());

    private static KeyedIds With(string? key) => new(new IdKeyOptions { IdKey = key });

    [Fact]
    public void Same_key_and_input_give_the_same_id_in_every_instance()
    {
        Assert.Equal(With(KeyA).TradeId("alice", "k1"), With(KeyA).TradeId("alice", "k1"));
        Assert.Equal(With(KeyA).OfferId("alice", "k1"), With(KeyA).OfferId("alice", "k1"));
        Assert.Equal(With(KeyA).PayoutId("alice", 7), With(KeyA).PayoutId("alice", 7));
    }

    [Fact]
    public void Stable_across_processes_and_releases()
    {
        // Ids are persisted and sent to providers; if the derivation changed, a retry after an upgrade would start a
        // second payment. The expected values were computed independently (Python hmac + uuid.UUID(bytes_le=...)).
        Assert.Equal(Guid.Parse("76d0f61a-bf88-4b61-a06f-52234f46f2d6"), With(KeyA).TradeId("alice", "order-1"));
        Assert.Equal(Guid.Parse("ab2a2675-641a-41aa-9c9a-fcc15c4bc335"), With(KeyA).PayoutId("alice", 1));
        Assert.Equal(Guid.Parse("b4e8d600-a47b-479c-a909-976672a05170"), With(null).TradeId("alice", "order-1"));
    }

    [Fact]
    public void Different_keys_give_unrelated_ids()
    {
        var a = With(KeyA);
        var b = With(KeyB);
        var development = With(null);
        for (var i = 0; i < 200; i++)
        {
            var key = "order-" + i;
            Assert.Equal(3, new[] { a.TradeId("alice", key), b.TradeId("alice", key), development.TradeId("alice", key) }.Distinct().Count());
            Assert.NotEqual(a.OfferId("alice", key), b.OfferId("alice", key));
            Assert.NotEqual(a.PayoutId("alice", i), b.PayoutId("alice", i));
        }
    }

    [Fact]
    public void An_id_is_not_the_unkeyed_SHA256_an_outsider_could_compute()
    {
        // Before, trade ids were SHA-256("enerlectra\ntrade\n{buyer}\n{key}") shaped as a v4 UUID, with no secret.
        foreach (var ids in new[] { With(null), With(KeyA), With(KeyB) })
        {
            Assert.NotEqual(UnkeyedOldDerivation("trade", "alice", "order-1"), ids.TradeId("alice", "order-1"));
            Assert.NotEqual(UnkeyedOldDerivation("offer", "alice", "order-1"), ids.OfferId("alice", "order-1"));
            Assert.NotEqual(UnkeyedOldDerivation("payout", "alice", "1"), ids.PayoutId("alice", 1));
        }
    }

    [Fact]
    public void Owners_scopes_and_keys_are_kept_apart()
    {
        var ids = With(KeyA);
        var all = new[]
        {
            ids.TradeId("alice", "k1"),
            ids.TradeId("bob", "k1"),
            ids.OfferId("alice", "k1"),
            ids.TradeId("alice", "k2"),
            ids.TradeId("alicek", "1"),
            ids.PayoutId("alice", 1),
            ids.Create("payout", "alice", "1"),
        };
        Assert.Equal(all[5], all[6]);
        Assert.Equal(6, all.Distinct().Count());
    }

    [Fact]
    public void Ids_are_version_4_RFC_4122_uuids()
    {
        // MTN's X-Reference-Id must be a v4 UUID; check the text form, which is what goes on the wire.
        var ids = With(KeyA);
        for (var i = 0; i < 500; i++)
        {
            foreach (var id in new[] { ids.TradeId("user" + i, "key" + i), ids.OfferId("user" + i, "key" + i), ids.PayoutId("user" + i, i) })
            {
                var text = id.ToString("D");
                Assert.Equal('4', text[14]);
                Assert.Contains(text[19], "89ab");
            }
        }
    }

    [Fact]
    public void The_development_key_is_used_and_reported_when_none_is_configured()
    {
        Assert.True(new IdKeyOptions().IsDevelopmentKey);
        Assert.True(new IdKeyOptions { IdKey = "  " }.IsDevelopmentKey);
        Assert.True(new IdKeyOptions { IdKey = IdKeyOptions.DevelopmentIdKey }.IsDevelopmentKey);
        Assert.False(new IdKeyOptions { IdKey = KeyA }.IsDevelopmentKey);
        Assert.True(With(null).UsesDevelopmentKey);
        Assert.False(With(KeyA).UsesDevelopmentKey);
        Assert.Equal(With(null).TradeId("alice", "k1"), With(IdKeyOptions.DevelopmentIdKey).TradeId("alice", "k1"));
        Assert.Equal(32, Convert.FromBase64String(IdKeyOptions.DevelopmentIdKey).Length);
        Assert.Equal("Security:IdKey", IdKeyOptions.ConfigurationKey);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")] // 31 bytes
    public void A_configured_key_must_be_base64_of_at_least_32_bytes(string key)
    {
        var options = new IdKeyOptions { IdKey = key };
        Assert.False(options.IsValid);
        var error = Assert.Throws<InvalidOperationException>(() => new KeyedIds(options));
        Assert.Contains("Security:IdKey", error.Message);
    }

    private static Guid UnkeyedOldDerivation(string scope, string owner, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"enerlectra\n{scope}\n{owner}\n{key}"))[..16];
        hash[7] = (byte)((hash[7] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash);
    }
}
