using Orleans.Runtime;

namespace Enerlectra.Abstractions.Market;

/// <summary>Names of the Orleans stream that carries a market's events to gateways.</summary>
public static class MarketStreams
{
    public const string ProviderName = "market-events";
    public const string Namespace = "market";

    public static StreamId For(string marketId) => StreamId.Create(Namespace, marketId);
}
