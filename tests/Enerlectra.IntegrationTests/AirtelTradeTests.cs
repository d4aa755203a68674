using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Airtel Money trades end to end: gRPC API → payment grain → AirtelMoneyClient → the gateway's sandbox (Airtel Open
/// API) → signed callbacks back to /api/callbacks/airtel/{reference}. The scenarios are in ProviderTradeScenarios.
/// </summary>
public sealed class AirtelTradeTests(GatewayFixture fixture) : ProviderTradeScenarios(fixture), IClassFixture<GatewayFixture>
{
    protected override string Provider => "airtel";

    protected override string Prefix => "97";
}
