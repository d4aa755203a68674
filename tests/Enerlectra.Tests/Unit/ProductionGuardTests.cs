using Enerlectra.Hosting.Profiles;
using Enerlectra.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Enerlectra.Tests.Unit;

public sealed class ProductionGuardTests
{
    [Fact]
    public void Every_published_sandbox_credential_is_known_as_a_development_value()
    {
        var sandbox = new SandboxOptions();
        string[] published =
        [
            sandbox.ApiUser, sandbox.ApiKey, sandbox.SubscriptionKey, sandbox.DisbursementApiUser, sandbox.DisbursementApiKey,
            sandbox.DisbursementSubscriptionKey, sandbox.AirtelClientId, sandbox.AirtelClientSecret, sandbox.AirtelDisbursementPin,
            sandbox.ZamtelApiKey,
        ];

        Assert.All(published, value => Assert.Contains(value, DevelopmentValues.SandboxCredentials));
    }

    [Fact]
    public void Development_is_never_refused()
    {
        var configuration = Configuration(new() { ["Auth:DevTokensEnabled"] = "true", ["Sandbox:Enabled"] = "true" });
        ProductionGuard.EnsureSafe(configuration, new HostEnvironment(Environments.Development));
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var configuration = Configuration(new()
        {
            ["Auth:DevTokensEnabled"] = "true",
            ["Sandbox:Enabled"] = "true",
            ["MobileMoney:Zamtel:ApiKey"] = "sandbox-zamtel-api-key",
        });

        var ex = Assert.Throws<UnsafeConfigurationException>(() => ProductionGuard.EnsureSafe(configuration, new HostEnvironment("Staging")));

        Assert.Contains("Staging profile", ex.Message);
        foreach (var setting in new[] { "Auth:DevTokensEnabled", "Sandbox:Enabled", "MobileMoney:Zamtel:ApiKey", "Postgres:ConnectionString" })
        {
            Assert.Contains(setting, ex.Message);
        }
    }

    [Fact]
    public void A_safe_production_configuration_passes()
    {
        var configuration = Configuration(new()
        {
            ["Postgres:ConnectionString"] = "Host=db;Database=enerlectra",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 3)).ToArray()),
            ["MobileMoney:Mtn:ApiKey"] = "a-real-key-from-the-secret-store",
            ["BLOCKCHAIN_CHAIN_ID"] = "137",
            ["Security:IdKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 5 + 1)).ToArray()),
        });

        Assert.Empty(ProductionGuard.Problems(configuration));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class HostEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
