using Enerlectra.MobileMoney.Airtel;

namespace Enerlectra.MobileMoney.Tests;

public class AirtelCallbackParsingTests
{
    [Fact]
    public void Successful_callback_is_read_in_full()
    {
        const string json = """{"transaction":{"id":"5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44","message":"Paid","status_code":"TS","airtel_money_id":"MP210603.1234.A00001"},"hash":"abc="}""";

        Assert.True(AirtelCallback.TryParse(json, out AirtelCallback? callback));
        Assert.Equal(
            new AirtelCallback(
                "5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44",
                Guid.Parse("5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44"),
                "Paid",
                "TS",
                "MP210603.1234.A00001",
                CollectionState.Successful,
                "abc="),
            callback);
    }

    [Theory]
    [InlineData("TS", CollectionState.Successful)]
    [InlineData("TF", CollectionState.Failed)]
    [InlineData("TE", CollectionState.Failed)]
    [InlineData("TA", CollectionState.Pending)]
    [InlineData("TIP", CollectionState.Pending)]
    [InlineData("tip", CollectionState.Pending)]
    public void Status_codes_map_to_states_and_ambiguous_is_never_a_failure(string code, CollectionState expected)
    {
        Assert.True(AirtelCallback.TryParse($$$"""{"transaction":{"id":"t-1","status_code":"{{{code}}}"}}""", out AirtelCallback? callback));
        Assert.Equal(expected, callback.State);
        Assert.Null(callback.ReferenceId);
        Assert.Null(callback.Hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"id":"x","status_code":"TS"}""")]
    [InlineData("""{"transaction":{"status_code":"TS"}}""")]
    [InlineData("""{"transaction":{"id":"x","status_code":"MAYBE"}}""")]
    [InlineData("""{"transaction":{"id":"x"}}""")]
    public void Unusable_bodies_are_refused(string json)
    {
        Assert.False(AirtelCallback.TryParse(json, out AirtelCallback? callback));
        Assert.Null(callback);
    }
}
