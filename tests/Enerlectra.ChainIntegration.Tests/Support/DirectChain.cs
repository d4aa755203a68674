using System.Numerics;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>
/// Offers and trades made directly on the contract with dev keys, without the server: what the chain listener
/// has to find and record. Every call makes fresh clients, so it stays correct after an evm_revert.
/// </summary>
public static class DirectChain
{
    public sealed record CreatedOffer(long OfferId, long ExpiresAt, TransactionReceipt Receipt);

    public static string Address(string privateKey) => new Nethereum.Web3.Accounts.Account(privateKey).Address;

    /// <summary>Mints <paramref name="wh"/> to the seller, who approves the escrow and offers it: three blocks.</summary>
    public static async Task<CreatedOffer> CreateOfferAsync(DeployedChain chain, string sellerKey, long wh, long pricePerKwh)
    {
        var energy = chain.Settings[ChainOptions.EnergyTokenAddressKey];
        var trading = chain.Settings[ChainOptions.EnergyTradingAddressKey];
        using var operatorClient = chain.Client();
        using var seller = chain.Client(sellerKey);
        await operatorClient.SendAsync(energy, new MintGenerationFunction
        {
            To = seller.OperatorAddress,
            AmountWh = wh,
            ReadingId = Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray()),
        });
        await seller.SendAsync(energy, new ApproveFunction { Spender = trading, Value = wh });
        var offerId = (long)await seller.QueryValueAsync<NextOfferIdFunction, BigInteger>(trading, new NextOfferIdFunction());
        var latest = await TestChain.Web3().Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var expiresAt = (long)latest.Timestamp.Value + 86_400;
        var receipt = await seller.SendAsync(trading, new CreateEnergyOfferFunction
        {
            EnergyAmount = wh,
            PricePerKwh = pricePerKwh,
            ExpiresAt = expiresAt,
            AcceptMobileMoney = false,
        });
        return new CreatedOffer(offerId, expiresAt, receipt);
    }

    /// <summary>Gives the buyer payment tokens and lets the contract spend them: two blocks.</summary>
    public static async Task FundBuyerAsync(DeployedChain chain, string buyerKey, long ngwee = 1_000_000)
    {
        var payment = chain.Settings[ChainOptions.PaymentTokenAddressKey];
        using var operatorClient = chain.Client();
        using var buyer = chain.Client(buyerKey);
        await operatorClient.SendAsync(payment, new MintFunction { To = buyer.OperatorAddress, AmountNgwee = ngwee });
        await buyer.SendAsync(payment, new ApproveFunction { Spender = chain.Settings[ChainOptions.EnergyTradingAddressKey], Value = ngwee });
    }

    /// <summary>The buyer (already funded) buys <paramref name="wh"/> of the chain offer directly: one block.</summary>
    public static async Task<TransactionReceipt> BuyAsync(DeployedChain chain, string buyerKey, long chainOfferId, long wh)
    {
        using var buyer = chain.Client(buyerKey);
        return await buyer.SendAsync(chain.Settings[ChainOptions.EnergyTradingAddressKey],
            new ExecuteTradeWithBlockchainFunction { OfferId = chainOfferId, EnergyAmount = wh });
    }

    public static async Task MineAsync(int blocks)
    {
        var web3 = TestChain.Web3();
        for (var i = 0; i < blocks; i++)
        {
            await web3.Client.SendRequestAsync<string>(new RpcRequest(1, "evm_mine"));
        }
    }

    /// <summary>A server wallet as an operator reads it over the public API (also the "wallet:0x..." records of unlinked addresses).</summary>
    public static async Task<Wallet> ServerWalletAsync(HybridWorld world, string userId) =>
        await new WalletService.WalletServiceClient(world.Gateway.Channel).GetWalletAsync(new GetWalletRequest { UserId = userId }, await world.AuthAsync("ops", "operator"));
}
