namespace Enerlectra.Gateway.Hosting;

/// <summary>The gateway's own settings (configuration section "Gateway").</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>HTTP/1.1: JSON routes, gRPC-Web, provider callbacks and the dashboard.</summary>
    public int HttpPort { get; set; } = 5080;

    /// <summary>HTTP/2 cleartext: native gRPC.</summary>
    public int GrpcPort { get; set; } = 5081;

    /// <summary>Address to listen on: loopback by default; "0.0.0.0" in containers.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>"cohosted" runs a silo in this process (default); "client" joins an existing silo cluster.</summary>
    public string OrleansMode { get; set; } = "cohosted";

    /// <summary>Browser origins allowed to call the JSON and gRPC-Web routes.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Request size limits ("Gateway:Requests").</summary>
    public RequestLimits Requests { get; set; } = new();

    public bool IsCoHosted => !string.Equals(OrleansMode, "client", StringComparison.OrdinalIgnoreCase);
}
