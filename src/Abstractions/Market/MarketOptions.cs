using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Market;

/// <summary>
/// The markets this server trades in (configuration section "Markets", e.g. <c>Markets__Ids__0=default</c>,
/// <c>Markets__Ids__1=lusaka-east</c>). A market is a grain with a permanent reminder and an event log, so markets
/// exist only when configured: a request cannot bring one into being by naming it.
/// </summary>
public sealed class MarketOptions
{
    public const string SectionName = "Markets";

    /// <summary>
    /// The configured market ids. Empty (the default) means just <see cref="Identity.Ids.DefaultMarket"/>, the market
    /// requests use when they name none; keep it in the list when configuring others.
    /// </summary>
    /// <remarks>Empty rather than holding "default": the configuration binder adds configured ids to a collection's
    /// initial items, so a built-in entry could never be configured away.</remarks>
    public string[] Ids { get; set; } = [];

    /// <summary>The configured markets, each once, in configuration order.</summary>
    public IReadOnlyList<string> Markets =>
        Ids.Length == 0 ? [Identity.Ids.DefaultMarket] : Ids.Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Asked on every request that names a market, so without building <see cref="Markets"/>.</summary>
    public bool IsConfigured(string marketId) =>
        Ids.Length == 0 ? marketId == Identity.Ids.DefaultMarket : Array.IndexOf(Ids, marketId) >= 0;

    /// <summary>Throws a NotFound <see cref="TradingException"/> naming <c>marketId</c> unless the market is configured.</summary>
    public void RequireConfigured(string marketId)
    {
        if (!IsConfigured(marketId))
        {
            throw TradingException.NotFound("marketId", $"marketId must name a market of this server; there is none called '{marketId}'.");
        }
    }

    /// <summary>The first configured id that is not a valid market id (the same rules as user ids), or null.</summary>
    public string? FirstInvalidId() =>
        Markets.FirstOrDefault(id =>
        {
            try
            {
                Identity.Ids.RequireUserId(id, "marketId");
                return false;
            }
            catch (TradingException)
            {
                return true;
            }
        });
}
