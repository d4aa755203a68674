using Enerlectra.Abstractions.Offers;
using Enerlectra.Grains.Market;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class StatusWordsTests
{
    [Theory]
    [InlineData(OfferStatus.Open, "open")]
    [InlineData(OfferStatus.PartiallyFilled, "partially filled")]   // not "partiallyfilled", the enum's name lower-cased
    [InlineData(OfferStatus.Filled, "filled")]
    [InlineData(OfferStatus.Cancelled, "cancelled")]
    [InlineData(OfferStatus.Expired, "expired")]
    public void Offer_statuses_read_as_words(OfferStatus status, string words) => Assert.Equal(words, StatusWords.Of(status));

    [Fact]
    public void Every_offer_status_has_words() =>
        Assert.All(Enum.GetValues<OfferStatus>(), s => Assert.Matches("^[a-z]+( [a-z]+)*$", StatusWords.Of(s)));
}
