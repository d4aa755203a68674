using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Enerlectra.Gateway.Hosting;

public static class KestrelSetup
{
    /// <summary>
    /// Without TLS, Kestrel cannot negotiate HTTP/1.1 and HTTP/2 on one port, so native gRPC gets its own HTTP/2 port
    /// and everything a browser or provider speaks (JSON, gRPC-Web, callbacks, dashboard) gets an HTTP/1.1 port.
    /// </summary>
    public static WebApplicationBuilder ConfigureGatewayEndpoints(this WebApplicationBuilder builder, GatewayOptions options)
    {
        var address = IPAddress.Parse(options.BindAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Server-wide; gRPC calls lift it and use their own per-message limit, provider callbacks raise it per
            // route (EndpointSetup).
            kestrel.Limits.MaxRequestBodySize = options.Requests.MaxJsonBodyBytes;
            kestrel.Listen(address, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }
}
