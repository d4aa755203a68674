using System.Net;
using Enerlectra.Hosting;
using Enerlectra.Hosting.Profiles;
using Enerlectra.Silo;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();

try
{
    ProductionGuard.EnsureSafe(builder.Configuration, builder.Environment); // outside Development: no sandbox, memory or dev keys
}
catch (UnsafeConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

builder.UseOrleans(silo => silo.AddEnerlectraSilo(builder.Configuration));   // grains, storage, clustering, dashboard data
builder.WebHost.ConfigureKestrel(kestrel =>                                  // one HTTP/1.1 port: health only
    kestrel.Listen(ParseBindAddress(options.BindAddress), options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1));
builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo");  // healthy while membership says Active

var app = builder.Build();
app.MapHealthChecks("/health");
app.Run();
return 0;

static IPAddress ParseBindAddress(string value) =>
    IPAddress.TryParse(value, out var address)
        ? address
        : throw new InvalidOperationException($"{SiloOptions.SectionName}:{nameof(SiloOptions.BindAddress)} '{value}' is not an IP address.");

/// <summary>
/// Enerlectra silo: one member of the Orleans cluster that hosts the trading grains, without the public API (that
/// is <c>src/Gateway</c> in "client" mode). Run several of these against one PostgreSQL database for a cluster.
/// </summary>
/// <remarks>
/// <para>
/// <c>dotnet run --project src/Silo</c> selects the Development profile (Properties/launchSettings.json): without a
/// database it runs alone on localhost with everything in memory and its provider clients pointed at the sandbox
/// (appsettings.Development.json). Any other profile refuses to start without PostgreSQL or with development values
/// (<see cref="ProductionGuard"/>). It then uses the silo and
/// gateway ports 11111/30000, so it cannot run beside a co-hosted gateway on the same machine; connect a gateway in
/// client mode instead (<c>Gateway__OrleansMode=client</c>).
/// </para>
/// <para>Settings (appsettings.json, environment variables with "__" for ":", or command line):</para>
/// <list type="table">
///   <item><term>Postgres:ConnectionString</term><description>Empty: in-memory, single silo. Set: membership, grain
///   state and reminders in PostgreSQL; the silo applies the schema (db/postgresql) before it joins.</description></item>
///   <item><term>Cluster:ClusterId, Cluster:ServiceId</term><description>Must match across all silos and the
///   gateway. ServiceId keys grain state, so changing it orphans stored state.</description></item>
///   <item><term>Cluster:SiloPort (11111), Cluster:GatewayPort (30000)</term><description>Silo-to-silo and
///   client-to-silo ports; distinct per process only when several share one host.</description></item>
///   <item><term>Cluster:AdvertisedAddress</term><description>The IP other silos and clients dial (PostgreSQL mode
///   only). Loopback works only on one machine; containers advertise their own IP (see docker/silo-entrypoint.sh).
///   </description></item>
///   <item><term>Silo:HttpPort (8080), Silo:BindAddress (127.0.0.1)</term><description>Listener for <c>/health</c>
///   (200 while this silo is Active in the membership, 503 otherwise). The Orleans dashboard is served by the
///   gateway, behind the operator sign-in, not here.</description></item>
///   <item><term>MobileMoney:Mtn:*, MobileMoney:Airtel:*, MobileMoney:Zamtel:*</term><description>The provider
///   clients the payment grains use; validated at start. The Development profile points them at the sandbox
///   (<c>dotnet run --project src/Sandbox -- --urls http://127.0.0.1:5090</c>) with its published test
///   credentials; production configures the real providers.</description></item>
///   <item><term>Security:IdKey</term><description>Base64 secret (32+ bytes) that payout ids (and, on the gateway,
///   trade and offer ids from idempotency keys) are derived with; the same on every silo and gateway. Empty: the
///   public development key, with a warning at start.</description></item>
///   <item><term>Trading:*</term><description>Fees and timings; <c>Trading:CallbackBaseUrl</c> is the gateway's
///   HTTP address providers call back on.</description></item>
/// </list>
/// </remarks>
public partial class Program;
