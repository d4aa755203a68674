using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Phones;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class ZambianMsisdnTests
{
    [Theory]
    [InlineData("+260 96 123 4567", "260961234567", MobileNetwork.Mtn)]
    [InlineData("0961234567", "260961234567", MobileNetwork.Mtn)]
    [InlineData("260961234567", "260961234567", MobileNetwork.Mtn)]
    [InlineData("961234567", "260961234567", MobileNetwork.Mtn)]
    [InlineData("+260-96-123-4567", "260961234567", MobileNetwork.Mtn)]
    [InlineData("(096) 123.4567", "260961234567", MobileNetwork.Mtn)]
    [InlineData("0761234567", "260761234567", MobileNetwork.Mtn)]
    [InlineData("0971234567", "260971234567", MobileNetwork.Airtel)]
    [InlineData("+260771234567", "260771234567", MobileNetwork.Airtel)]
    [InlineData("0951234567", "260951234567", MobileNetwork.Zamtel)]
    [InlineData("751234567", "260751234567", MobileNetwork.Zamtel)]
    public void Parses_every_common_form(string input, string digits, MobileNetwork network)
    {
        var msisdn = ZambianMsisdn.Parse(input, "phoneNumber");
        Assert.Equal(digits, msisdn.Digits);
        Assert.Equal(network, msisdn.Network);
        Assert.Equal("+" + digits, msisdn.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("09612abc67")]
    [InlineData("096123")]
    [InlineData("0961234567890")]
    [InlineData("+1 202 555 0123")]
    [InlineData("+12025550123")]
    [InlineData("0211234567")] // a Lusaka landline (21): no mobile money
    [InlineData("260211234567")]
    [InlineData("0991234567")]
    [InlineData("26+0961234567")] // '+' only counts at the start
    [InlineData("0961234567+")]
    public void Rejects_what_is_not_a_Zambian_mobile_number(string? input)
    {
        var ex = Assert.Throws<TradingException>(() => ZambianMsisdn.Parse(input, "payerPhone"));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("payerPhone", ex.Field);
    }
}
