using Enerlectra.MobileMoney.Mtn;

namespace Enerlectra.MobileMoney.Tests;

public class MtnCallbackParsingTests
{
    [Fact]
    public void Successful_callback_is_read_in_full()
    {
        const string json = """
            {"financialTransactionId":"363440463","externalId":"order-7","amount":"12.34","currency":"ZMW",
             "payer":{"partyIdType":"MSISDN","partyId":"260961234567"},"payerMessage":"m","payeeNote":"n","status":"SUCCESSFUL"}
            """;

        Assert.True(MtnCallback.TryParse(json, out MtnCallback? callback));
        Assert.Equal(new MtnCallback("363440463", "order-7", 1234L, "ZMW", CollectionState.Successful, null), callback);
    }

    [Fact]
    public void Reason_given_as_a_string_is_kept()
    {
        Assert.True(MtnCallback.TryParse("""{"externalId":"x","amount":"5","currency":"ZMW","status":"FAILED","reason":"APPROVAL_REJECTED"}""", out MtnCallback? callback));
        Assert.Equal(CollectionState.Failed, callback.State);
        Assert.Equal("APPROVAL_REJECTED", callback.Reason);
        Assert.Equal(500L, callback.AmountNgwee);
        Assert.Null(callback.FinancialTransactionId);
    }

    [Fact]
    public void Reason_given_as_an_object_yields_its_code()
    {
        Assert.True(MtnCallback.TryParse("""{"status":"FAILED","reason":{"code":"NOT_ENOUGH_FUNDS","message":"The payer does not have enough funds."}}""", out MtnCallback? callback));
        Assert.Equal(CollectionState.Failed, callback.State);
        Assert.Equal("NOT_ENOUGH_FUNDS", callback.Reason);
        Assert.Null(callback.AmountNgwee);
    }

    [Fact]
    public void Reason_object_without_code_falls_back_to_message()
    {
        Assert.True(MtnCallback.TryParse("""{"status":"failed","reason":{"message":"Payer declined"}}""", out MtnCallback? callback));
        Assert.Equal(CollectionState.Failed, callback.State);
        Assert.Equal("Payer declined", callback.Reason);
    }

    [Fact]
    public void Numeric_amount_is_read_exactly_without_floating_point()
    {
        Assert.True(MtnCallback.TryParse("""{"status":"SUCCESSFUL","amount":1234.56}""", out MtnCallback? callback));
        Assert.Equal(123456L, callback.AmountNgwee);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"amount":"1.00"}""")]
    [InlineData("""{"status":"MAYBE"}""")]
    [InlineData("""{"status":"SUCCESSFUL","amount":"12.345"}""")]
    [InlineData("""{"status":"SUCCESSFUL","amount":1e3}""")]
    [InlineData("{\"status\":\"SUCCESSFUL\",\"amount\":\"12.34\"")]
    public void Unusable_bodies_are_refused(string json)
    {
        Assert.False(MtnCallback.TryParse(json, out MtnCallback? callback));
        Assert.Null(callback);
    }
}
