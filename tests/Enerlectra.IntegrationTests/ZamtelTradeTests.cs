using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Zamtel Kwacha trades end to end: gRPC API → payment grain → ZamtelKwachaClient → the gateway's sandbox
/// (provisional protocol, ZAMTEL.md) → unsigned callbacks back to /api/callbacks/zamtel/{reference}. The scenarios
/// are in ProviderTradeScenarios.
/// </summary>
public sealed class ZamtelTradeTests(GatewayFixture fixture) : ProviderTradeScenarios(fixture), IClassFixture<GatewayFixture>
{
    protected override string Provider => "zamtel";

    protected override string Prefix => "95";
}
