using Enerlectra.Chain;
using Nethereum.Util;
using Nethereum.Web3;

namespace Enerlectra.ChainDeploy;

/// <summary>
/// Deploys the contracts to a chain and writes the settings the server reads (KEY=value lines). The operator key
/// goes into the file only with --write-key: a file of addresses can be shared, a file with a key cannot.
/// </summary>
public static class DeployCommand
{
    public const string Usage =
        "usage: dotnet run --project src/ChainDeploy -- --rpc <url> --private-key <0x...> " +
        "[--fee-recipient <0x...>] [--network hardhat|amoy|polygon] [--out .env.chain] [--write-key] [--force]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        Arguments parsed;
        try
        {
            parsed = Arguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync(e.Message);
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        var outPath = Path.GetFullPath(parsed.Out);
        if (File.Exists(outPath) && !parsed.Force)
        {
            // Refusing keeps a second run from silently replacing the addresses a running server uses.
            await stderr.WriteLineAsync($"{outPath} already exists; pass --force to replace it.");
            return 3;
        }

        long chainId;
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            var probe = new Web3(new Nethereum.JsonRpc.Client.RpcClient(new Uri(parsed.Rpc), http, null));
            chainId = (long)(await probe.Eth.ChainId.SendRequestAsync()).Value;
        }

        var options = new ChainOptions { RpcUrl = parsed.Rpc, ChainId = chainId, PrivateKey = parsed.PrivateKey };
        options.Settings.Network = parsed.Network ?? (chainId == 31337 ? "hardhat" : chainId == 80002 ? "amoy" : chainId == 137 ? "polygon" : "hardhat");
        options.Settings.ReceiptPollInterval = TimeSpan.FromMilliseconds(200);
        using var client = new ChainClient(options);
        await stdout.WriteLineAsync($"Deploying to chain {chainId} ({options.Settings.Network}) from {client.OperatorAddress}...");
        // Nothing of ours can be in an earlier block: the listener starts here instead of at the chain's genesis.
        var startBlock = await client.GetHeadBlockAsync(cancellationToken) + 1;
        var deployment = await ChainDeployer.DeployAsync(client, parsed.FeeRecipient, cancellationToken);
        static string Checksummed(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);

        var lines = new List<string>
        {
            "# Written by src/ChainDeploy. The server reads these as configuration keys (environment variables).",
            $"{ChainOptions.RpcUrlKey}={parsed.Rpc}",
            $"{ChainOptions.ChainIdKey}={chainId}",
            $"{ChainOptions.EnergyTokenAddressKey}={Checksummed(deployment.EnergyToken)}",
            $"{ChainOptions.EnergyTradingAddressKey}={Checksummed(deployment.EnergyTrading)}",
            $"{ChainOptions.PaymentTokenAddressKey}={Checksummed(deployment.PaymentToken)}",
            $"{ChainOptions.SectionName}__{nameof(ChainSettings.Network)}={options.Settings.Network}",
            $"{ChainOptions.SectionName}__{nameof(ChainSettings.StartBlock)}={startBlock}",
        };
        lines.Add(parsed.WriteKey
            ? $"{ChainOptions.PrivateKeyKey}={parsed.PrivateKey}"
            : $"# {ChainOptions.PrivateKeyKey} is not written here: set it in the server's environment (the key of {deployment.Operator}).");
        await File.WriteAllLinesAsync(outPath, lines, cancellationToken);

        await stdout.WriteLineAsync($"EnergyToken   {deployment.EnergyToken}");
        await stdout.WriteLineAsync($"PaymentToken  {deployment.PaymentToken}");
        await stdout.WriteLineAsync($"EnergyTrading {deployment.EnergyTrading}");
        await stdout.WriteLineAsync($"Wrote {outPath}");
        return 0;
    }

    private sealed record Arguments(string Rpc, string PrivateKey, string? FeeRecipient, string? Network, string Out, bool WriteKey, bool Force)
    {
        public static Arguments Parse(string[] args)
        {
            string? rpc = null, key = null, fee = null, network = null, output = ".env.chain";
            bool writeKey = false, force = false;
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--rpc": rpc = Value(); break;
                    case "--private-key": key = Value(); break;
                    case "--fee-recipient": fee = Value(); break;
                    case "--network": network = Value(); break;
                    case "--out": output = Value(); break;
                    case "--write-key": writeKey = true; break;
                    case "--force": force = true; break;
                    default: throw new ArgumentException($"Unknown argument {args[i]}.");
                }
            }

            if (string.IsNullOrWhiteSpace(rpc) || !Uri.TryCreate(rpc, UriKind.Absolute, out _))
            {
                throw new ArgumentException("--rpc must be the node's URL (http://...).");
            }

            if (string.IsNullOrWhiteSpace(key) || key.Replace("0x", "").Length != 64)
            {
                throw new ArgumentException("--private-key must be a 32-byte hex key.");
            }

            if (fee is not null && !AddressUtil.Current.IsValidEthereumAddressHexFormat(fee))
            {
                throw new ArgumentException("--fee-recipient must be an address (0x + 40 hex digits).");
            }

            return new Arguments(rpc, key, fee, network, output, writeKey, force);
        }
    }
}
