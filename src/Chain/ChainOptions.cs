using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Enerlectra.Chain;

/// <summary>
/// Where the chain is and how to talk to it. The connection settings keep the original flat names
/// (<c>BLOCKCHAIN_RPC_URL</c>, ...) so the environment variables of the original deployment work unchanged; the
/// tuning lives in the "Blockchain" section.
/// </summary>
public sealed partial class ChainOptions
{
    public const string RpcUrlKey = "BLOCKCHAIN_RPC_URL";
    public const string ChainIdKey = "BLOCKCHAIN_CHAIN_ID";
    public const string PrivateKeyKey = "BLOCKCHAIN_PRIVATE_KEY";
    public const string EnergyTokenAddressKey = "ENERGY_TOKEN_ADDRESS";
    public const string EnergyTradingAddressKey = "ENERGY_TRADING_ADDRESS";
    public const string PaymentTokenAddressKey = "PAYMENT_TOKEN_ADDRESS";
    public const string SectionName = "Blockchain";

    public string? RpcUrl { get; set; }

    public long? ChainId { get; set; }

    /// <summary>The operator account's key. Never logged, never printed (see <see cref="ToString"/>).</summary>
    public string? PrivateKey { get; set; }

    public string? EnergyTokenAddress { get; set; }

    public string? EnergyTradingAddress { get; set; }

    public string? PaymentTokenAddress { get; set; }

    public ChainSettings Settings { get; set; } = new();

    /// <summary>Enough to read the chain: node, chain id and the three contracts. Sending also needs <see cref="PrivateKey"/>.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(RpcUrl) && ChainId is > 0 &&
        !string.IsNullOrWhiteSpace(EnergyTokenAddress) && !string.IsNullOrWhiteSpace(EnergyTradingAddress) &&
        !string.IsNullOrWhiteSpace(PaymentTokenAddress);

    public bool CanSend => IsConfigured && !string.IsNullOrWhiteSpace(PrivateKey);

    public static ChainOptions From(IConfiguration configuration)
    {
        var chainId = configuration[ChainIdKey];
        var options = new ChainOptions
        {
            RpcUrl = Trimmed(configuration[RpcUrlKey]),
            ChainId = string.IsNullOrWhiteSpace(chainId) ? null
                : long.TryParse(chainId.Trim(), out var id) ? id
                : throw new InvalidOperationException($"{ChainIdKey} must be a number, not '{chainId}'."),
            PrivateKey = Trimmed(configuration[PrivateKeyKey]),
            EnergyTokenAddress = Trimmed(configuration[EnergyTokenAddressKey]),
            EnergyTradingAddress = Trimmed(configuration[EnergyTradingAddressKey]),
            PaymentTokenAddress = Trimmed(configuration[PaymentTokenAddressKey]),
        };
        configuration.GetSection(SectionName).Bind(options.Settings);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            // At start-up, as the other options' ValidateOnStart: a typo must stop the server, not surface as a chain
            // that silently never confirms or an operator key that fails at its first payment.
            throw new InvalidOperationException("Chain settings are invalid: " + string.Join(" ", problems));
        }

        return options;
    }

    /// <summary>What is wrong with these settings, one sentence each naming the setting; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (RpcUrl is not null && !(Uri.TryCreate(RpcUrl, UriKind.Absolute, out var rpc) && rpc.Scheme is "http" or "https" or "ws" or "wss"))
        {
            problems.Add($"{RpcUrlKey} must be an http(s) or ws(s) URL.");
        }

        if (ChainId is <= 0)
        {
            problems.Add($"{ChainIdKey} must be positive.");
        }

        // The key's value is never put in a message.
        if (PrivateKey is not null && !PrivateKeyPattern().IsMatch(PrivateKey))
        {
            problems.Add($"{PrivateKeyKey} must be 32 bytes of hex (64 digits, 0x optional).");
        }

        foreach (var (key, address) in new[]
                 {
                     (EnergyTokenAddressKey, EnergyTokenAddress), (EnergyTradingAddressKey, EnergyTradingAddress),
                     (PaymentTokenAddressKey, PaymentTokenAddress), ($"{SectionName}:CustodyAddress", Settings.CustodyAddress),
                 })
        {
            if (!string.IsNullOrWhiteSpace(address) && !AddressPattern().IsMatch(address))
            {
                problems.Add($"{key} must be an address (0x and 40 hex digits), not '{address}'.");
            }
        }

        var s = Settings;
        Require(s.Confirmations >= 1, "Confirmations must be at least 1 (1 = mined).");
        Require(s.ListenerConfirmations >= 1, "ListenerConfirmations must be at least 1 (1 = as soon as mined).");
        Require(s.RequestTimeout > TimeSpan.Zero, "RequestTimeout must be positive.");
        Require(s.ReceiptTimeout > TimeSpan.Zero, "ReceiptTimeout must be positive.");
        Require(s.ReceiptPollInterval > TimeSpan.Zero, "ReceiptPollInterval must be positive.");
        Require(s.TransportRetries >= 0, "TransportRetries must not be negative.");
        Require(s.TransportRetryDelay >= TimeSpan.Zero, "TransportRetryDelay must not be negative.");
        Require(s.ListenerPollInterval > TimeSpan.Zero, "ListenerPollInterval must be positive.");
        Require(s.StartBlock >= 0, "StartBlock must not be negative.");
        Require(s.MaxBlocksPerQuery >= 1, "MaxBlocksPerQuery must be at least 1.");
        Require(s.MirrorRetryInterval > TimeSpan.Zero, "MirrorRetryInterval must be positive.");
        Require(!string.IsNullOrWhiteSpace(s.MarketId), "MarketId must be set.");
        foreach (var (network, fees) in s.Fees)
        {
            Require(fees.MaxFeePerGasGwei is null or > 0 && fees.MaxPriorityFeePerGasGwei is null or > 0 && fees.LegacyGasPriceGwei is null or > 0,
                $"Fees:{network} gas prices must be positive.");
            Require(fees.MaxPriorityFeePerGasGwei is null || fees.MaxFeePerGasGwei is null || fees.MaxPriorityFeePerGasGwei <= fees.MaxFeePerGasGwei,
                $"Fees:{network}:MaxPriorityFeePerGasGwei must not exceed MaxFeePerGasGwei.");
            Require(fees.GasLimitMultiplier >= 1, $"Fees:{network}:GasLimitMultiplier must be at least 1.");
        }

        return problems;

        void Require(bool ok, string sentence)
        {
            if (!ok)
            {
                problems.Add($"{SectionName}:{sentence}");
            }
        }
    }

    /// <summary>Everything but the key, so an accidental log line cannot leak it.</summary>
    public override string ToString() =>
        $"{Settings.Network} (chain {ChainId}) at {RpcUrl}; EnergyToken {EnergyTokenAddress}, EnergyTrading {EnergyTradingAddress}, " +
        $"PaymentToken {PaymentTokenAddress}; operator key {(string.IsNullOrWhiteSpace(PrivateKey) ? "not set" : "set")}";

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^(0x)?[0-9a-fA-F]{64}$")]
    private static partial Regex PrivateKeyPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();
}

/// <summary>The "Blockchain" section: network name, confirmation depth, fees per network, timeouts.</summary>
public sealed class ChainSettings
{
    /// <summary>"polygon", "amoy" or "hardhat": picks the fee settings and is shown by the status endpoint.</summary>
    public string Network { get; set; } = "hardhat";

    /// <summary>Blocks on top of a transaction's block before it counts as final (1 = mined).</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>One JSON-RPC request, including connecting.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for a sent transaction's receipt before its outcome counts as unknown.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan ReceiptPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a read (or of the checks before sending) after a transport fault. Reverts are never retried.</summary>
    public int TransportRetries { get; set; } = 3;

    public TimeSpan TransportRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How many blocks deep an event must be before the chain listener records it (1 = as soon as mined). Polygon PoS
    /// reorganises a few blocks at times; 32 keeps a reorg from ever undoing recorded trades there.
    /// </summary>
    public int ListenerConfirmations { get; set; } = 1;

    /// <summary>How often the chain listener looks for new blocks.</summary>
    public TimeSpan ListenerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first block the listener reads (the EnergyTrading deployment block; earlier blocks hold nothing of ours).</summary>
    public long StartBlock { get; set; }

    /// <summary>Blocks per log query; public RPC endpoints cap eth_getLogs ranges.</summary>
    public int MaxBlocksPerQuery { get; set; } = 2000;

    /// <summary>First retry delay of a mirror step after the chain was unavailable; doubles up to a minute.</summary>
    public TimeSpan MirrorRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether offers and mobile-money trades are mirrored on-chain (needs the operator key).</summary>
    public bool MirrorEnabled { get; set; } = true;

    /// <summary>
    /// Where the energy of mobile-money buyers without a linked wallet goes on-chain. By default an address nobody holds
    /// a key for: the tokens only record that the energy left escrow for a customer, who consumed it off-chain.
    /// </summary>
    public string? CustodyAddress { get; set; }

    /// <summary>The market where offers created directly on-chain are listed.</summary>
    public string MarketId { get; set; } = "default";

    /// <summary>Fee settings per network name; <see cref="FeesFor"/> falls back to the built-in defaults.</summary>
    public Dictionary<string, NetworkFeeSettings> Fees { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public NetworkFeeSettings FeesFor(string network) =>
        Fees.TryGetValue(network, out var configured) ? configured
        : DefaultFees.TryGetValue(network, out var builtIn) ? builtIn
        : new NetworkFeeSettings();

    /// <summary>
    /// Caps that keep a fee spike from draining the operator account. Polygon PoS enforces a 25 gwei minimum
    /// priority fee; Hardhat accepts anything, so its caps only have to exceed its base fee.
    /// </summary>
    public static IReadOnlyDictionary<string, NetworkFeeSettings> DefaultFees { get; } =
        new Dictionary<string, NetworkFeeSettings>(StringComparer.OrdinalIgnoreCase)
        {
            ["polygon"] = new() { MaxFeePerGasGwei = 500, MaxPriorityFeePerGasGwei = 40 },
            ["amoy"] = new() { MaxFeePerGasGwei = 200, MaxPriorityFeePerGasGwei = 30 },
            ["hardhat"] = new() { MaxFeePerGasGwei = 100, MaxPriorityFeePerGasGwei = 1 },
        };
}

/// <summary>EIP-1559 caps (gwei), or a fixed legacy gas price for nodes without EIP-1559.</summary>
public sealed class NetworkFeeSettings
{
    public decimal? MaxFeePerGasGwei { get; set; } = 100;

    public decimal? MaxPriorityFeePerGasGwei { get; set; } = 2;

    /// <summary>When set, transactions are legacy (type 0) at this price and the EIP-1559 caps are ignored.</summary>
    public decimal? LegacyGasPriceGwei { get; set; }

    /// <summary>Gas limit = estimate × this, so a small state change between estimate and mining does not run out of gas.</summary>
    public double GasLimitMultiplier { get; set; } = 1.2;
}
