using Enerlectra.Sandbox;

namespace Enerlectra.Tests.Support;

/// <summary>The cluster fixture with meters remembering only their last <see cref="Window"/> readings.</summary>
public sealed class MeterWindowClusterFixture : ClusterFixture
{
    public const int Window = 2;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings(MobileMoneySandbox sandbox) =>
        [new("Meters:RecentReadingsWindow", Window.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
