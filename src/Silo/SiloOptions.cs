namespace Enerlectra.Silo;

/// <summary>The silo process's own HTTP listener (configuration section "Silo"); cluster settings live in "Cluster".</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>HTTP/1.1 port for /health.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Loopback by default; containers set "0.0.0.0" so their health probe can reach it.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";
}
