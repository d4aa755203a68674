using Enerlectra.Sandbox.Airtel;
using Enerlectra.Sandbox.Mtn;
using Enerlectra.Sandbox.Zamtel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.Sandbox;

/// <summary>Maps the sandbox into any ASP.NET Core host.</summary>
public static class SandboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the MTN MoMo Collection and Disbursement APIs, the Airtel Open API, the provisional Zamtel protocol and the
    /// sandbox control API (/sandbox/...) with fresh in-memory state. Background work (delayed outcomes, callbacks) stops when the host stops.
    /// </summary>
    /// <param name="endpoints">The host's endpoint builder.</param>
    /// <param name="options">The sandbox settings; defaults when omitted.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints, SandboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ILogger logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("Enerlectra.Sandbox")
            ?? NullLogger.Instance;
        var store = new SandboxStore(options ?? new SandboxOptions(), TimeProvider.System, logger);
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(store.Dispose);
        return endpoints.MapSandbox(store);
    }

    internal static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints, SandboxStore store)
    {
        MtnProductEndpoints.Map(endpoints, store);
        AirtelSandboxEndpoints.Map(endpoints, store);
        ZamtelSandboxEndpoints.Map(endpoints, store);
        MtnSandboxControlEndpoints.Map(endpoints, store);
        SandboxControlEndpoints.Map(endpoints, store);
        return endpoints;
    }
}
