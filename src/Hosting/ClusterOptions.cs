namespace Enerlectra.Hosting;

/// <summary>How this process joins the Orleans cluster (configuration section "Cluster").</summary>
public sealed class EnerlectraClusterOptions
{
    public const string SectionName = "Cluster";

    public string ClusterId { get; set; } = "enerlectra";

    public string ServiceId { get; set; } = "enerlectra";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port cluster clients (a separate gateway) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; loopback by default, set it in containers.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a silo waits for another's probe answer (Orleans' default).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes before a silo votes another dead (Orleans' default).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How often a client-mode gateway re-reads which silos it can use. Orleans' default is a minute; a gateway whose
    /// silos all died would wait that long to find their replacements, so ours looks every 10 seconds.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
