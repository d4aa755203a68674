using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class MarketOptionsTests
{
    [Fact]
    public void Nothing_configured_means_just_the_default_market()
    {
        var markets = Bind([]);
        Assert.Equal(["default"], markets.Markets);
        Assert.True(markets.IsConfigured("default"));
        Assert.False(markets.IsConfigured("m-1"));
    }

    [Fact]
    public void Configured_markets_replace_the_default_and_are_listed_once()
    {
        var markets = Bind([new("Markets:Ids:0", "lusaka-east"), new("Markets:Ids:1", "ndola"), new("Markets:Ids:2", "ndola")]);
        Assert.Equal(["lusaka-east", "ndola"], markets.Markets);
        Assert.False(markets.IsConfigured("default"));
        Assert.Null(markets.FirstInvalidId());
    }

    [Fact]
    public void An_unknown_market_is_not_found_naming_marketId()
    {
        var ex = Assert.Throws<TradingException>(() => Bind([]).RequireConfigured("m-anything"));
        Assert.Equal((ErrorKind.NotFound, "marketId"), (ex.Kind, ex.Field));
        Assert.Contains("m-anything", ex.Message);
    }

    [Fact]
    public void A_market_id_follows_the_rules_of_ids() =>
        Assert.Equal("no spaces", Bind([new("Markets:Ids:0", "default"), new("Markets:Ids:1", "no spaces")]).FirstInvalidId());

    private static MarketOptions Bind(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(MarketOptions.SectionName).Get<MarketOptions>() ?? new MarketOptions();
}
