namespace Enerlectra.MobileMoney.Tests;

public class NgweeTests
{
    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(5L, "0.05")]
    [InlineData(10L, "0.10")]
    [InlineData(100L, "1.00")]
    [InlineData(1234L, "12.34")]
    [InlineData(123456789L, "1234567.89")]
    [InlineData(-150L, "-1.50")]
    [InlineData(-1L, "-0.01")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void Format_writes_two_decimals_exactly(long ngwee, string expected) =>
        Assert.Equal(expected, Ngwee.Format(ngwee));

    [Theory]
    [InlineData("12.34", 1234L)]
    [InlineData("12", 1200L)]
    [InlineData("12.3", 1230L)]
    [InlineData("0.01", 1L)]
    [InlineData("0", 0L)]
    [InlineData("007.50", 750L)]
    [InlineData("12.300", 1230L)]
    [InlineData("-1.50", -150L)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    [InlineData("-92233720368547758.08", long.MinValue)]
    public void Parse_reads_exact_ngwee(string text, long expected)
    {
        Assert.True(Ngwee.TryParse(text, out long ngwee));
        Assert.Equal(expected, ngwee);
        Assert.Equal(expected, Ngwee.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" 12.34")]
    [InlineData("12.34 ")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("+12")]
    [InlineData("12.345")]
    [InlineData("12.301")]
    [InlineData("1e3")]
    [InlineData("1,000.00")]
    [InlineData("12,34")]
    [InlineData("12.3.4")]
    [InlineData("--1")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("١٢")] // Arabic-Indic digits are digits to char.IsDigit but not to us.
    [InlineData("92233720368547758.08")]
    [InlineData("-92233720368547758.09")]
    public void Parse_rejects_anything_that_is_not_an_exact_amount(string? text)
    {
        Assert.False(Ngwee.TryParse(text, out long ngwee));
        Assert.Equal(0L, ngwee);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => Ngwee.Parse(text));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(987654321L)]
    [InlineData(-987654321L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Format_then_parse_round_trips(long ngwee) =>
        Assert.Equal(ngwee, Ngwee.Parse(Ngwee.Format(ngwee)));
}
