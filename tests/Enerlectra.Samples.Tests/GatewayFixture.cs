using Enerlectra.Testing;

namespace Enerlectra.Samples.Tests;

/// <summary>
/// One real gateway (Kestrel, co-hosted silo, its own mobile money sandbox) for a test class, configured with
/// "default" and a few fresh markets so each test can have a book of its own.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private TestGateway? _gateway;

    public TestGateway Gateway => _gateway ?? throw new InvalidOperationException("The gateway did not start.");

    public TestMarkets Markets { get; } = TestMarkets.Create(4);

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            // The sandbox approves after 3 s in the default run; the verifications and deposits need not wait that long.
            ["Sandbox:ApproveDelay"] = "00:00:00.3",
            ["Trading:PaymentPollInterval"] = "00:00:00.3",
            ["Trading:MaxPaymentPollInterval"] = "00:00:01",
            ["Payouts:Enabled"] = "false",
        };
        foreach (var (key, value) in Markets.Settings(":"))
        {
            settings[key] = value;
        }

        _gateway = await TestGateway.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
