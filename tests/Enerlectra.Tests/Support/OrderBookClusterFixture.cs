using Enerlectra.Sandbox;

namespace Enerlectra.Tests.Support;

/// <summary>The cluster fixture with a low per-user order rate, so the limit can be reached in a test.</summary>
public sealed class OrderBookClusterFixture : ClusterFixture
{
    public const int OrderBurst = 20;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings(MobileMoneySandbox sandbox) =>
    [
        new("Markets:Book:OrdersPerSecondPerUser", "1"),
        new("Markets:Book:OrderBurstPerUser", OrderBurst.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Markets:Book:SnapshotEveryEvents", "100"),
    ];
}
