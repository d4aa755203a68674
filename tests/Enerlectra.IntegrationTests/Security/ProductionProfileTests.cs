using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Enerlectra.Gateway;
using Enerlectra.Hosting.Profiles;

namespace Enerlectra.IntegrationTests.Security;

/// <summary>
/// Development conveniences belong to the Development profile only: any other profile configured with one of them
/// refuses to start and names the setting, and a safely configured production gateway mints no dev tokens, trusts
/// no published key and serves no dashboard unless asked to.
/// </summary>
public sealed class ProductionProfileTests
{
    private const string Production = "Production";

    /// <summary>What a production operator would configure: a database, a secret key, no sandbox, no dev tokens.</summary>
    private static Dictionary<string, string?> SafeProduction(string postgres) => new()
    {
        ["Postgres:ConnectionString"] = postgres,
        ["Auth:DevTokensEnabled"] = "false",
        ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Sandbox:Enabled"] = "false",
        ["Dashboard:Enabled"] = "false",
        ["Security:IdKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public static TheoryData<string, string?, string> UnsafeSettings() => new()
    {
        { "Auth:DevTokensEnabled", "true", "Auth:DevTokensEnabled" },
        { "Auth:SigningKey", DevelopmentValues.SigningKey, "Auth:SigningKey" },
        { "Sandbox:Enabled", "true", "Sandbox:Enabled" },
        { "Postgres:ConnectionString", "", "Postgres:ConnectionString" },
        { "MobileMoney:Mtn:ApiKey", "sandbox-api-key", "MobileMoney:Mtn:ApiKey" },
        { "MobileMoney:Airtel:CallbackSecret", DevelopmentValues.AirtelCallbackSecret, "MobileMoney:Airtel:CallbackSecret" },
        { "BLOCKCHAIN_CHAIN_ID", "31337", "BLOCKCHAIN_CHAIN_ID" },
        { "Security:IdKey", "", "Security:IdKey" },
        { "Security:IdKey", Enerlectra.Abstractions.Identity.IdKeyOptions.DevelopmentIdKey, "Security:IdKey" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSettings))]
    public void A_production_start_with_a_development_setting_is_refused_naming_it(string key, string? value, string named)
    {
        var settings = SafeProduction("Host=127.0.0.1;Database=unused");
        settings[key] = value;

        var ex = Assert.Throws<UnsafeConfigurationException>(() => GatewayApplication.Build([], Ports(settings), Production));

        Assert.Contains("Refusing to start in the Production profile", ex.Message);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void The_shipped_configuration_alone_cannot_start_in_production()
    {
        // Nothing but appsettings.json (and the ports): no database, no key. It must fail closed, not run on memory.
        var ex = Assert.Throws<UnsafeConfigurationException>(() => GatewayApplication.Build([], Ports([]), Production));
        Assert.Contains("Postgres:ConnectionString", ex.Message);
    }

    [Fact]
    public async Task A_safe_production_gateway_mints_no_dev_tokens_and_trusts_no_published_key()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var gateway = await TestGateway.StartAsync(SafeProduction(database.ConnectionString), environment: Production);

        using var mint = await gateway.Http.PostAsJsonAsync("/api/auth/dev-token", new { userId = "mallory", roles = new[] { "operator" } });
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Contains("Development tokens are disabled", await mint.Content.ReadAsStringAsync());

        // A token made with the published development key is worthless here.
        var forged = TestTokens.Issue("mallory", ["operator"], DevelopmentValues.SigningKey);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/operator/payments");
        read.Headers.Authorization = new("Bearer", forged);
        using var answer = await gateway.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);

        // No dashboard unless configured, and the sandbox is not listening.
        using var dashboard = await gateway.Http.GetAsync("/dashboard/Reminders");
        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        using var sandbox = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.GetAsync(gateway.Ports.SandboxUrl));
    }

    private static Dictionary<string, string?> Ports(Dictionary<string, string?> settings)
    {
        var ports = TestGatewayPorts.Take();
        foreach (var (key, value) in TestGateway.BaseSettings(ports).Where(s => s.Key.StartsWith("Gateway:", StringComparison.Ordinal) || s.Key.StartsWith("Cluster:", StringComparison.Ordinal)))
        {
            settings.TryAdd(key, value);
        }

        return settings;
    }
}
