using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>One deployed contract as seen by one account: send, call, and expect a revert.</summary>
public sealed class ContractClient(Web3 web3, Account account, string address, ContractArtifact artifact, JsonRpc rpc, ErrorDecoder errors)
{
    /// <summary>Enough for any function here; used only for transactions expected to fail (no estimate possible).</summary>
    private static readonly HexBigInteger FailingTxGas = new(3_000_000);

    public Contract Contract { get; } = web3.Eth.GetContract(artifact.Abi, address);

    public string Address => address;

    public string From => account.Address;

    /// <summary>Sends a transaction and requires it to succeed (gas estimated, so a revert throws here with its reason).</summary>
    public async Task<TransactionReceipt> SendAsync(string function, params object[] args)
    {
        var f = Contract.GetFunction(function);
        HexBigInteger gas;
        try
        {
            gas = await f.EstimateGasAsync(account.Address, null, null, args);
        }
        catch (Exception e)
        {
            // Say which error it was: a bare "execution reverted" makes a failing test hard to read.
            var call = await rpc.TryCallAsync(account.Address, address, f.GetData(args));
            var reason = call is null ? e.Message : errors.Decode(call.RevertData).ToString();
            throw new InvalidOperationException($"{artifact.Name}.{function} reverted: {reason}", e);
        }

        var receipt = await f.SendTransactionAndWaitForReceiptAsync(account.Address, gas, null, null, args);
        Assert.True(receipt.Status.Value == 1, $"{artifact.Name}.{function} failed on-chain (tx {receipt.TransactionHash}).");
        return receipt;
    }

    public Task<T> CallAsync<T>(string function, params object[] args) =>
        Contract.GetFunction(function).CallAsync<T>(account.Address, null, null, args);

    public Task<T> CallDtoAsync<T>(string function, params object[] args) where T : new() =>
        Contract.GetFunction(function).CallDeserializingToObjectAsync<T>(account.Address, null, null, args);

    /// <summary>
    /// Requires the call to revert and returns its decoded custom error. The reason is read with eth_call; then the
    /// same transaction is sent for real with a fixed gas limit (an estimate would refuse to send it) and the mined
    /// transaction must have failed, so the refusal is shown on-chain and not just in a simulation.
    /// </summary>
    public async Task<DecodedError> ExpectRevertAsync(string function, params object[] args)
    {
        var data = Contract.GetFunction(function).GetData(args);
        var failure = await rpc.TryCallAsync(account.Address, address, data);
        Assert.True(failure is not null, $"{artifact.Name}.{function} was expected to revert, but eth_call succeeded.");
        var decoded = errors.Decode(failure!.RevertData);

        var signed = await web3.TransactionManager.SignTransactionAsync(
            new TransactionInput { Data = data, To = address, From = account.Address, Gas = FailingTxGas });
        // The hash of a signed transaction (legacy or typed) is keccak256 of its raw bytes.
        var txHash = Nethereum.Util.Sha3Keccack.Current.CalculateHash(signed.HexToByteArray()).ToHex();
        try
        {
            await rpc.CallAsync("eth_sendRawTransaction", signed.EnsureHexPrefix());
        }
        catch (JsonRpcException)
        {
            // Hardhat answers a reverted transaction with an error but still mines it; the receipt below decides.
        }

        var receipt = await rpc.CallAsync("eth_getTransactionReceipt", txHash.EnsureHexPrefix());
        Assert.True(receipt.ValueKind == System.Text.Json.JsonValueKind.Object, $"{function}: transaction {txHash} was not mined.");
        Assert.Equal("0x0", receipt.GetProperty("status").GetString());

        // The signer's cached nonce must follow the chain, whatever the node did with the transaction.
        await account.NonceService.ResetNonceAsync();
        return decoded;
    }
}
