using System.Net.Http.Headers;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;
using Polly;
using Polly.Retry;

namespace Enerlectra.Chain;

/// <summary>
/// Talks to the chain for the server: typed reads and operator transactions against the three contracts.
/// Failures come out as one of three exceptions that say whether money can have moved:
/// <see cref="ChainRevertedException"/> and <see cref="ChainUnavailableException"/> (definitely nothing happened),
/// <see cref="ChainOutcomeUnknownException"/> (sent; reconcile by hash before doing anything else).
/// </summary>
public sealed class ChainClient : IChainStatusSource, IDisposable
{
    private readonly ChainOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Web3 _web3;
    private readonly Account? _account;
    private readonly ResiliencePipeline _transportRetry;

    // Status is polled by health probes, which have short timeouts of their own: one attempt per read, so a dead
    // node reads as "degraded" within one request timeout instead of after every retry.
    private static readonly ResiliencePipeline SingleAttempt = ResiliencePipeline.Empty;

    public ChainClient(ChainOptions options, ILogger<ChainClient>? logger = null)
    {
        if (string.IsNullOrWhiteSpace(options.RpcUrl) || options.ChainId is not > 0)
        {
            throw new InvalidOperationException($"{ChainOptions.RpcUrlKey} and {ChainOptions.ChainIdKey} are required.");
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // Our own HttpClient so the request timeout is per client (Nethereum's default is a process-wide static).
        _http = new HttpClient { Timeout = options.Settings.RequestTimeout };
        var rpc = new RpcClient(new Uri(options.RpcUrl), _http, (AuthenticationHeaderValue?)null);
        if (!string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            _account = new Account(options.PrivateKey, options.ChainId.Value);
            _web3 = new Web3(_account, rpc);
        }
        else
        {
            _web3 = new Web3(rpc);
        }

        Nonces = new OperatorNonceManager(async ct =>
            (await ReadAsync("eth_getTransactionCount", () => _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(
                OperatorAddress, BlockParameter.CreatePending()), ct)).Value);

        var retry = new ResiliencePipelineBuilder();
        if (options.Settings.TransportRetries > 0)
        {
            // Transport faults only: a JSON-RPC error (a revert, a refused transaction) is an answer, and asking
            // again would only repeat it.
            retry.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new Polly.PredicateBuilder().Handle<Exception>(IsTransportFault),
                MaxRetryAttempts = options.Settings.TransportRetries,
                Delay = options.Settings.TransportRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        _transportRetry = retry.Build();
    }

    public ChainOptions Options => _options;

    public OperatorNonceManager Nonces { get; }

    /// <summary>The operator account (checksummed), from BLOCKCHAIN_PRIVATE_KEY.</summary>
    public string OperatorAddress => _account?.Address
        ?? throw new InvalidOperationException($"{ChainOptions.PrivateKeyKey} is not set: this server cannot send transactions.");

    public Web3 Web3 => _web3;

    public async Task<ChainStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var network = _options.Settings.Network;
        if (!_options.IsConfigured)
        {
            return ChainStatus.NotConfigured;
        }

        try
        {
            var chainId = (long)(await ReadAsync("eth_chainId", () => _web3.Eth.ChainId.SendRequestAsync(), cancellationToken, SingleAttempt)).Value;
            var head = (long)(await ReadAsync("eth_blockNumber", () => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), cancellationToken, SingleAttempt)).Value;
            var energy = await HasCodeAsync(_options.EnergyTokenAddress!, cancellationToken, SingleAttempt);
            var payment = await HasCodeAsync(_options.PaymentTokenAddress!, cancellationToken, SingleAttempt);
            var trading = await HasCodeAsync(_options.EnergyTradingAddress!, cancellationToken, SingleAttempt);
            var problem = chainId != _options.ChainId
                ? $"The node is on chain {chainId}, but {ChainOptions.ChainIdKey} is {_options.ChainId}."
                : energy && payment && trading ? null
                : "Not every contract has code at its configured address.";
            return new ChainStatus(true, true, network, chainId, head, energy, payment, trading, problem);
        }
        catch (ChainUnavailableException e)
        {
            return new ChainStatus(true, false, network, _options.ChainId ?? 0, 0, false, false, false, e.Message);
        }
    }

    public Task<bool> HasCodeAsync(string address, CancellationToken cancellationToken = default) =>
        HasCodeAsync(address, cancellationToken, _transportRetry);

    private async Task<bool> HasCodeAsync(string address, CancellationToken cancellationToken, ResiliencePipeline pipeline)
    {
        var code = await ReadAsync("eth_getCode", () => _web3.Eth.GetCode.SendRequestAsync(address, BlockParameter.CreateLatest()), cancellationToken, pipeline);
        return !string.IsNullOrEmpty(code) && code != "0x" && code != "0x0";
    }

    /// <summary>A view call; a revert comes out as <see cref="ChainRevertedException"/>.</summary>
    public async Task<TOutput> QueryAsync<TFunction, TOutput>(string contractAddress, TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        var handler = _web3.Eth.GetContractQueryHandler<TFunction>();
        return await RevertAwareAsync(NameOf<TFunction>(), () => ReadAsync(NameOf<TFunction>(),
            () => handler.QueryDeserializingToObjectAsync<TOutput>(function, contractAddress), cancellationToken));
    }

    /// <summary>A view call returning a single value (uint256, bool, bytes32, ...).</summary>
    public async Task<TValue> QueryValueAsync<TFunction, TValue>(string contractAddress, TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        var handler = _web3.Eth.GetContractQueryHandler<TFunction>();
        return await RevertAwareAsync(NameOf<TFunction>(), () => ReadAsync(NameOf<TFunction>(),
            () => handler.QueryAsync<TValue>(contractAddress, function), cancellationToken));
    }

    /// <summary>Sends an operator transaction to <paramref name="contractAddress"/> and waits for its receipt.</summary>
    public Task<TransactionReceipt> SendAsync<TFunction>(string contractAddress, TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new() =>
        SendInputAsync(NameOf<TFunction>(), function.CreateTransactionInput(contractAddress), cancellationToken);

    /// <summary>Deploys a contract from the operator account; the receipt carries its address.</summary>
    public async Task<string> DeployAsync<TDeployment>(TDeployment deployment, CancellationToken cancellationToken = default)
        where TDeployment : ContractDeploymentMessage, new()
    {
        var receipt = await SendInputAsync($"deploy {typeof(TDeployment).Name}", deployment.CreateTransactionInput(), cancellationToken);
        return receipt.ContractAddress;
    }

    private async Task<TransactionReceipt> SendInputAsync(string function, TransactionInput input, CancellationToken cancellationToken)
    {
        input.From = OperatorAddress;
        input.Gas = null;
        var estimate = await RevertAwareAsync(function, () => ReadAsync(function, () => _web3.Eth.Transactions.EstimateGas.SendRequestAsync(input), cancellationToken));
        var fees = _options.Settings.FeesFor(_options.Settings.Network);
        input.Gas = new HexBigInteger(new BigInteger((double)estimate.Value * Math.Max(1.0, fees.GasLimitMultiplier)));
        await SetFeesAsync(input, fees, cancellationToken);

        // One retry when the node refuses our nonce: the manager has then re-read it, and nothing was sent.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var hash = await Nonces.SubmitAsync(nonce => SubmitAsync(function, input, nonce, cancellationToken), cancellationToken);
                return await WaitForReceiptAsync(function, input, hash, cancellationToken);
            }
            catch (NonceRejectedException e) when (attempt == 1)
            {
                _logger.LogWarning("{Function}: the node refused nonce {Nonce} ({Reason}); retrying with the node's nonce", function, e.Nonce, e.Message);
            }
            catch (NonceRejectedException e)
            {
                throw new ChainUnavailableException($"{function}: the node keeps refusing the operator's nonce ({e.Message}).", e);
            }
        }
    }

    /// <summary>Signs with <paramref name="nonce"/> and submits; returns the hash. Throwing here drops the cached nonce.</summary>
    private async Task<string> SubmitAsync(string function, TransactionInput input, BigInteger nonce, CancellationToken cancellationToken)
    {
        input.Nonce = new HexBigInteger(nonce);
        var signed = (await _web3.TransactionManager.SignTransactionAsync(input)).EnsureHexPrefix();
        // The hash of a signed transaction (legacy or typed) is keccak256 of its raw bytes: known before sending,
        // so an interrupted send can still be reconciled.
        var hash = Sha3Keccack.Current.CalculateHash(signed.HexToByteArray()).ToHex(true);
        try
        {
            await _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed);
            return hash;
        }
        catch (RpcResponseException e)
        {
            // Some nodes (Hardhat with automine) answer a transaction that reverted with an error yet mine it; the
            // receipt, not the answer, says whether it exists.
            if (await TryGetReceiptAsync(hash, cancellationToken) is not null)
            {
                return hash;
            }

            var message = e.RpcError?.Message ?? e.Message;
            if (message.Contains("nonce", StringComparison.OrdinalIgnoreCase) ||
                message.Contains("replacement transaction underpriced", StringComparison.OrdinalIgnoreCase))
            {
                throw new NonceRejectedException(nonce, message, e);
            }

            if (RevertData(e) is { } data)
            {
                var revert = ChainErrorDecoder.Decode(data);
                throw new ChainRevertedException(function, revert.Name, revert.Arguments);
            }

            throw new ChainUnavailableException($"{function}: the node refused the transaction: {message}", e);
        }
        catch (Exception e) when (IsTransportFault(e))
        {
            if (IsConnectFailure(e))
            {
                // The connection never opened, so the transaction never left this process.
                throw new ChainUnavailableException($"{function}: the chain node is unreachable ({e.Message}).", e);
            }

            throw new ChainOutcomeUnknownException(function, hash, "the connection failed while sending", e);
        }
    }

    private async Task<TransactionReceipt> WaitForReceiptAsync(string function, TransactionInput input, string hash, CancellationToken cancellationToken)
    {
        var settings = _options.Settings;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ReceiptTimeout);
        TransactionReceipt? receipt = null;
        try
        {
            while (true)
            {
                receipt ??= await TryGetReceiptAsync(hash, deadline.Token);
                if (receipt is not null)
                {
                    var head = (await ReadAsync("eth_blockNumber", () => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), deadline.Token)).Value;
                    if (head - receipt.BlockNumber.Value + 1 >= settings.Confirmations)
                    {
                        break;
                    }
                }

                await Task.Delay(settings.ReceiptPollInterval, deadline.Token);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or ChainUnavailableException)
        {
            throw new ChainOutcomeUnknownException(function, hash,
                receipt is null ? $"no receipt within {settings.ReceiptTimeout}" : $"not {settings.Confirmations} confirmations deep within {settings.ReceiptTimeout}", e);
        }

        if (receipt.Status?.Value == 1)
        {
            return receipt;
        }

        // Mined but failed: replay it as a call in its block to learn why.
        var revert = new DecodedRevert("UnknownRevert", []);
        try
        {
            await _web3.Eth.Transactions.Call.SendRequestAsync(input, new BlockParameter(receipt.BlockNumber));
        }
        catch (Exception e) when (RevertData(e) is { } data)
        {
            revert = ChainErrorDecoder.Decode(data);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Function}: transaction {Hash} failed; its reason could not be read", function, hash);
        }

        throw new ChainRevertedException(function, revert.Name, revert.Arguments, hash);
    }

    private async Task<TransactionReceipt?> TryGetReceiptAsync(string hash, CancellationToken cancellationToken) =>
        await ReadAsync("eth_getTransactionReceipt", () => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash), cancellationToken);

    private async Task SetFeesAsync(TransactionInput input, NetworkFeeSettings fees, CancellationToken cancellationToken)
    {
        if (fees.LegacyGasPriceGwei is { } legacy)
        {
            input.Type = null;
            input.GasPrice = new HexBigInteger(Gwei(legacy));
            return;
        }

        // EIP-1559: tip = the configured priority cap; max fee = 2 x base fee + tip (room for six full blocks of
        // base fee growth), never above the configured cap.
        var block = await ReadAsync("eth_getBlockByNumber", () => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()), cancellationToken);
        var baseFee = block.BaseFeePerGas?.Value ?? BigInteger.Zero;
        var tip = Gwei(fees.MaxPriorityFeePerGasGwei ?? 2);
        var cap = Gwei(fees.MaxFeePerGasGwei ?? 100);
        var maxFee = BigInteger.Min(cap, baseFee * 2 + tip);
        input.Type = new HexBigInteger(2);
        input.GasPrice = null;
        input.MaxPriorityFeePerGas = new HexBigInteger(BigInteger.Min(tip, maxFee));
        input.MaxFeePerGas = new HexBigInteger(maxFee);
    }

    private static BigInteger Gwei(decimal gwei) => new(gwei * 1_000_000_000m);

    /// <summary>A read with transport retries; a transport failure after them becomes <see cref="ChainUnavailableException"/>.</summary>
    private async Task<T> ReadAsync<T>(string what, Func<Task<T>> read, CancellationToken cancellationToken, ResiliencePipeline? pipeline = null)
    {
        try
        {
            return await (pipeline ?? _transportRetry).ExecuteAsync(async _ => await read(), cancellationToken);
        }
        catch (Exception e) when (IsTransportFault(e) && !cancellationToken.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"The chain node did not answer {what} ({e.Message}).", e);
        }
    }

    /// <summary>Turns a JSON-RPC revert (from eth_call or eth_estimateGas) into <see cref="ChainRevertedException"/>.</summary>
    private static async Task<T> RevertAwareAsync<T>(string function, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not ChainException && RevertData(e) is { } data)
        {
            var revert = ChainErrorDecoder.Decode(data);
            throw new ChainRevertedException(function, revert.Name, revert.Arguments);
        }
        catch (RpcResponseException e) when (e.RpcError?.Message?.Contains("revert", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new ChainRevertedException(function, "UnknownRevert", [e.RpcError.Message]);
        }
    }

    /// <summary>
    /// Revert data (0x…) from a JSON-RPC error or Nethereum's revert exceptions. Nodes put it in error.data as a
    /// string or in error.data.data; both are read so a node upgrade does not break decoding.
    /// </summary>
    private static string? RevertData(Exception e) => e switch
    {
        SmartContractCustomErrorRevertException custom => custom.ExceptionEncodedData,
        RpcResponseException rpc => rpc.RpcError?.Data switch
        {
            JValue { Type: JTokenType.String } v when ((string?)v)?.StartsWith("0x", StringComparison.Ordinal) == true => (string?)v,
            JObject o when o["data"] is JValue { Type: JTokenType.String } inner => (string?)inner,
            _ => null,
        },
        _ when e.InnerException is { } inner => RevertData(inner),
        _ => null,
    };

    private static bool IsTransportFault(Exception e) =>
        e is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or TimeoutException ||
        (e is TaskCanceledException && e.InnerException is TimeoutException);

    private static bool IsConnectFailure(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    private static string NameOf<TFunction>() =>
        typeof(TFunction).GetCustomAttributes(typeof(FunctionAttribute), false)
            is [FunctionAttribute f, ..] ? f.Name : typeof(TFunction).Name;

    public void Dispose() => _http.Dispose();

    /// <summary>The node refused the nonce (too low, too high, already taken): nothing was sent.</summary>
    private sealed class NonceRejectedException(BigInteger nonce, string message, Exception inner) : Exception(message, inner)
    {
        public BigInteger Nonce { get; } = nonce;
    }

    #region Reads for the log follower and for reconciling sent transactions; transport retries, then ChainUnavailableException

    /// <summary>The node's latest block number.</summary>
    public async Task<long> GetHeadBlockAsync(CancellationToken cancellationToken = default) =>
        (long)(await ReadAsync("eth_blockNumber", () => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), cancellationToken)).Value;

    /// <summary>Block <paramref name="number"/>'s number and hash; null if the node has no such block (yet, or any more).</summary>
    public async Task<Listening.BlockRef?> GetBlockRefAsync(long number, CancellationToken cancellationToken = default)
    {
        var block = await ReadAsync("eth_getBlockByNumber", () => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(
            new HexBigInteger(number)), cancellationToken);
        return block?.BlockHash is { } hash ? new Listening.BlockRef((long)block.Number.Value, hash) : null;
    }

    /// <summary>eth_getLogs: every log <paramref name="address"/> emitted in blocks [<paramref name="fromBlock"/>, <paramref name="toBlock"/>].</summary>
    public async Task<IReadOnlyList<FilterLog>> GetLogsAsync(string address, long fromBlock, long toBlock, CancellationToken cancellationToken = default)
    {
        var filter = new NewFilterInput
        {
            Address = [address],
            FromBlock = new BlockParameter(new HexBigInteger(fromBlock)),
            ToBlock = new BlockParameter(new HexBigInteger(toBlock)),
        };
        return await ReadAsync("eth_getLogs", () => _web3.Eth.Filters.GetLogs.SendRequestAsync(filter), cancellationToken) ?? [];
    }

    /// <summary>A transaction's receipt; null while it is not mined (or not known to the node).</summary>
    public Task<TransactionReceipt?> GetReceiptAsync(string txHash, CancellationToken cancellationToken = default) =>
        TryGetReceiptAsync(txHash, cancellationToken);

    /// <summary>Whether the node knows the transaction at all (mined, or waiting in its pool).</summary>
    public async Task<bool> IsTransactionKnownAsync(string txHash, CancellationToken cancellationToken = default) =>
        await ReadAsync("eth_getTransactionByHash", () => _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(txHash), cancellationToken) is not null;

    #endregion
}
