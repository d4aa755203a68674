namespace Enerlectra.Hosting.Profiles;

/// <summary>
/// Values that are published in this repository for the Development profile (its appsettings, the sandbox's test
/// credentials, the tests): anyone can read them, so a production start that is configured with one of them is
/// refused by <see cref="ProductionGuard"/>.
/// </summary>
public static class DevelopmentValues
{
    /// <summary>The Development profile's token signing key (base64, 32 bytes): tokens survive a local restart.</summary>
    public const string SigningKey = "ZW5lcmxlY3RyYS1kZXZlbG9wbWVudC1zaWduaW5nLWs=";

    /// <summary>The Airtel callback key the sandbox and the clients share in the Development profile.</summary>
    public const string AirtelCallbackSecret = "sandbox-airtel-callback-secret";

    /// <summary>The sandbox's published provider credentials (its SandboxOptions defaults); a test keeps them in step.</summary>
    public static readonly IReadOnlySet<string> SandboxCredentials = new HashSet<string>(StringComparer.Ordinal)
    {
        "2f1b7a52-5c1d-4f51-9a3e-0d3c8a7b6e11",
        "sandbox-api-key",
        "sandbox-subscription-key",
        "7c4e2b91-3d6a-4f0e-8b1c-5a9d2e6f7a10",
        "sandbox-disbursement-api-key",
        "sandbox-disbursement-subscription-key",
        "sandbox-airtel-client",
        "sandbox-airtel-secret",
        "sandbox-airtel-pin",
        "sandbox-zamtel-api-key",
    };

    /// <summary>Local development chains (Hardhat 31337, Ganache 1337), whose operator keys are public knowledge.</summary>
    public static readonly IReadOnlySet<long> DevelopmentChainIds = new HashSet<long> { 31337, 1337 };
}
