using Orleans;

namespace Enerlectra.Abstractions.Wallets;

[GenerateSerializer, Immutable, Alias("enerlectra.PlatformAccountSnapshot")]
public sealed record PlatformAccountSnapshot(
    [property: Id(0)] long FeesNgwee,
    [property: Id(1)] long TradeCount);
