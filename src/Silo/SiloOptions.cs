namespace Enerlectra.Silo;

/// <summary>The silo process's own HTTP listener (configuration section "Silo"); cluster settings live in "Cluster".</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>HTTP/1.1 port for /health and /dashboard.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>
    /// Loopback by default because the dashboard has no authentication of its own; containers set "0.0.0.0" and
    /// keep the port unpublished.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";
}
