using Enerlectra.Grains.Infrastructure;

namespace Enerlectra.Grains.Wallets;

[GenerateSerializer, Alias("enerlectra.PlatformAccountState")]
public sealed record PlatformAccountState
{
    [Id(0)] public long FeesNgwee { get; set; }
    [Id(1)] public long TradeCount { get; set; }
    [Id(2)] public AppliedOperations Applied { get; set; } = new();
}
