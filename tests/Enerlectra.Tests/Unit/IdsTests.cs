using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class IdsTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("A")]
    [InlineData("0")]
    [InlineData("alice.banda_2@coop-lusaka")]
    public void Accepts_user_ids(string id) => Assert.Equal(id, Ids.RequireUserId(id, "sellerId"));

    [Fact]
    public void User_id_length_bound_is_64()
    {
        var max = "u" + new string('x', 63);
        Assert.Equal(max, Ids.RequireUserId(max, "buyerId"));
        AssertInvalid("buyerId", () => Ids.RequireUserId(max + "x", "buyerId"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("-alice")]
    [InlineData(".alice")]
    [InlineData("al ice")]
    [InlineData("alice\n")]
    [InlineData("ålice")]
    [InlineData(Ids.PlatformAccount)] // no user can act as the platform's fee account
    public void Rejects_bad_user_ids(string? id) => AssertInvalid("sellerId", () => Ids.RequireUserId(id, "sellerId"));

    [Fact]
    public void Guids_round_trip_and_bad_ones_name_the_field()
    {
        var id = Guid.NewGuid();
        Assert.Equal(id, Ids.RequireGuid(id.ToString(), "offerId"));
        Assert.Equal(id, Ids.RequireGuid(id.ToString("N"), "offerId"));
        AssertInvalid("offerId", () => Ids.RequireGuid(Guid.Empty.ToString(), "offerId"));
        AssertInvalid("offerId", () => Ids.RequireGuid("not-a-guid", "offerId"));
        AssertInvalid("offerId", () => Ids.RequireGuid(null, "offerId"));
        AssertInvalid("offerId", () => Ids.RequireGuid("", "offerId"));
    }

    [Fact]
    public void Idempotency_keys()
    {
        Assert.Null(Ids.OptionalIdempotencyKey(null, "idempotencyKey"));
        Assert.Null(Ids.OptionalIdempotencyKey("", "idempotencyKey"));
        Assert.Equal("order-42/a", Ids.OptionalIdempotencyKey("order-42/a", "idempotencyKey"));
        var max = new string('k', 128);
        Assert.Equal(max, Ids.OptionalIdempotencyKey(max, "idempotencyKey"));
        AssertInvalid("idempotencyKey", () => Ids.OptionalIdempotencyKey(max + "k", "idempotencyKey"));
        AssertInvalid("idempotencyKey", () => Ids.OptionalIdempotencyKey("has space", "idempotencyKey"));
        AssertInvalid("idempotencyKey", () => Ids.OptionalIdempotencyKey("tab\t", "idempotencyKey"));
        AssertInvalid("idempotencyKey", () => Ids.OptionalIdempotencyKey("ngwee-ü", "idempotencyKey"));
    }

    private static void AssertInvalid(string field, Action act)
    {
        var ex = Assert.Throws<TradingException>(act);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(field, ex.Field);
    }
}
