using System.Numerics;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace Enerlectra.Grains.Chain;

/// <summary>
/// The on-chain operations the grains need, keyed by the server's own ids so that every one of them can be checked
/// before it is sent and repeated safely after an unknown outcome. Chain failures surface as the chain client's
/// three exceptions (reverted / unavailable: nothing happened; outcome unknown: reconcile first).
/// </summary>
public sealed class ChainRail(ChainOptions options, IServiceProvider services)
{
    // keccak("enerlectra:custody")[12..]: an address nobody holds a key for (see ChainSettings.CustodyAddress).
    private static readonly string DefaultCustody =
        new AddressUtil().ConvertToChecksumAddress("0x" + Sha3Keccack.Current.CalculateHash("enerlectra:custody")[^40..]);

    /// <summary>Whether this server can pay and mirror on-chain (chain configured and the operator key present).</summary>
    public bool CanSend => options.CanSend;

    public ChainOptions Options => options;

    public string CustodyAddress => string.IsNullOrWhiteSpace(options.Settings.CustodyAddress) ? DefaultCustody : options.Settings.CustodyAddress;

    private ChainClient Client => services.GetRequiredService<ChainClient>();

    private string Trading => options.EnergyTradingAddress!;

    /// <summary>Whether <paramref name="buyer"/> holds and has allowed the contract at least <paramref name="amountNgwee"/>.</summary>
    public async Task<BuyerFunds> GetBuyerFundsAsync(string buyer, CancellationToken cancellationToken = default)
    {
        var token = options.PaymentTokenAddress!;
        var balance = await Client.QueryValueAsync<BalanceOfFunction, BigInteger>(token, new BalanceOfFunction { Account = buyer }, cancellationToken);
        var allowance = await Client.QueryValueAsync<AllowanceFunction, BigInteger>(token, new AllowanceFunction { Owner = buyer, Spender = Trading }, cancellationToken);
        return new BuyerFunds(Clamp(balance), Clamp(allowance));
    }

    /// <summary>
    /// Pays for a trade from the buyer's allowance; the trade id makes it happen at most once on-chain. For an offer
    /// of this server (<paramref name="serverOfferId"/>), the mirror is checked first: after a reorganisation the
    /// cached on-chain number may be free or another offer's, and paying that would charge the wrong price.
    /// </summary>
    public async Task<TransactionReceipt> ExecuteTradeForAsync(Guid tradeId, Guid? serverOfferId, long chainOfferId, string buyer, long energyWh, CancellationToken cancellationToken = default)
    {
        if (serverOfferId is { } offerId && !await IsMirrorLiveAsync(offerId, chainOfferId, cancellationToken))
        {
            throw new ChainRevertedException("executeTradeFor", ChainRefusals.OfferMirrorLostName, [chainOfferId]);
        }

        return await Client.SendAsync(Trading, new ExecuteTradeForFunction
        {
            TradeRef = ChainIds.ToBytes32(tradeId),
            OfferId = chainOfferId,
            Buyer = buyer,
            EnergyAmount = energyWh,
        }, cancellationToken);
    }

    /// <summary>
    /// Collects a settled trade's wallet payment again after a reorganisation undid it. On a mirror still open this is
    /// the trade itself (<see cref="ExecuteTradeForAsync"/>); on one closed since (the close returned the trade's energy
    /// to the operator's inventory) the contract's recollection pays the same price from the buyer and hands over the
    /// energy from the inventory. The trade id keeps it to once either way.
    /// </summary>
    public async Task<TransactionReceipt> CollectTradeAgainAsync(Guid tradeId, Guid serverOfferId, long chainOfferId, string buyer, long energyWh, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ExecuteTradeForAsync(tradeId, serverOfferId, chainOfferId, buyer, energyWh, cancellationToken);
        }
        catch (ChainRevertedException e) when (e.ErrorName == "OfferNotActive")
        {
            await EnsureEnergyAllowanceAsync(energyWh, cancellationToken);
            return await Client.SendAsync(Trading, new RecollectTradeForFunction
            {
                TradeRef = ChainIds.ToBytes32(tradeId),
                OfferId = chainOfferId,
                Buyer = buyer,
                EnergyAmount = energyWh,
            }, cancellationToken);
        }
    }

    /// <summary>Whether the server offer's mirror is on the chain under <paramref name="chainOfferId"/> (a reorganisation can take it away).</summary>
    public async Task<bool> IsMirrorLiveAsync(Guid offerId, long chainOfferId, CancellationToken cancellationToken = default) =>
        await GetMirroredOfferIdAsync(offerId, cancellationToken) == chainOfferId;

    /// <summary>
    /// Collects a deposit from <paramref name="account"/>'s allowance into the platform's account; the deposit id
    /// makes it happen at most once on-chain. Payment-token units are ngwee (2 decimals), as for trades, so the amount
    /// goes on-chain unconverted.
    /// </summary>
    public Task<TransactionReceipt> DepositForAsync(Guid depositId, string account, long amountNgwee, CancellationToken cancellationToken = default) =>
        Client.SendAsync(Trading, new DepositForFunction
        {
            DepositRef = ChainIds.ToBytes32(depositId),
            Account = account,
            Amount = amountNgwee,
        }, cancellationToken);

    public Task<bool> IsDepositRecordedAsync(Guid depositId, CancellationToken cancellationToken = default) =>
        Client.QueryValueAsync<IsDepositRecordedFunction, bool>(Trading, new IsDepositRecordedFunction { DepositRef = ChainIds.ToBytes32(depositId) }, cancellationToken);

    public Task<bool> IsTradeRecordedAsync(Guid tradeId, CancellationToken cancellationToken = default) =>
        Client.QueryValueAsync<IsTradeRecordedFunction, bool>(Trading, new IsTradeRecordedFunction { TradeRef = ChainIds.ToBytes32(tradeId) }, cancellationToken);

    /// <summary>The receipt of a sent transaction, or null while the node has none (pending, dropped, or never received).</summary>
    public Task<TransactionReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken = default) =>
        Client.GetReceiptAsync(transactionHash, cancellationToken);

    /// <summary>Whether the node knows the transaction at all (mined or waiting in its pool).</summary>
    public Task<bool> IsTransactionKnownAsync(string transactionHash, CancellationToken cancellationToken = default) =>
        Client.IsTransactionKnownAsync(transactionHash, cancellationToken);

    /// <summary>The on-chain id of a mirrored server offer, or null.</summary>
    public async Task<long?> GetMirroredOfferIdAsync(Guid offerId, CancellationToken cancellationToken = default)
    {
        var id = await Client.QueryValueAsync<OfferIdForServerOfferFunction, BigInteger>(Trading, new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(offerId) }, cancellationToken);
        return id.IsZero ? null : (long)id;
    }

    /// <summary>
    /// Tokenises the offer's energy into the operator's inventory. The reading id is the offer's, so a repeat mints
    /// nothing (the token refuses a reading twice, which counts as done here).
    /// </summary>
    public async Task MintForOfferAsync(Guid offerId, long energyWh, CancellationToken cancellationToken = default)
    {
        try
        {
            await Client.SendAsync(options.EnergyTokenAddress!, new MintGenerationFunction
            {
                To = Client.OperatorAddress,
                AmountWh = energyWh,
                ReadingId = ChainIds.ToBytes32(offerId),
            }, cancellationToken);
        }
        catch (ChainRevertedException e) when (e.Refusal == ChainRefusal.AlreadyDone)
        {
        }
    }

    /// <summary>Lets the contract escrow the operator's energy for mirrored offers (once; a no-op while the allowance lasts).</summary>
    public async Task EnsureEnergyAllowanceAsync(long atLeastWh, CancellationToken cancellationToken = default)
    {
        var allowance = await Client.QueryValueAsync<AllowanceFunction, BigInteger>(options.EnergyTokenAddress!,
            new AllowanceFunction { Owner = Client.OperatorAddress, Spender = Trading }, cancellationToken);
        if (allowance >= atLeastWh)
        {
            return;
        }

        await Client.SendAsync(options.EnergyTokenAddress!, new ApproveFunction { Spender = Trading, Value = BigInteger.Pow(2, 255) }, cancellationToken);
    }

    /// <summary>Creates the mirror of a server offer; a repeat is refused on-chain and answered with the existing id.</summary>
    public async Task<long> MirrorOfferAsync(Guid offerId, long energyWh, long pricePerKwhNgwee, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        try
        {
            await Client.SendAsync(Trading, new MirrorEnergyOfferFunction
            {
                ServerOfferId = ChainIds.ToBytes32(offerId),
                EnergyAmount = energyWh,
                PricePerKwh = pricePerKwhNgwee,
                ExpiresAt = expiresAt.ToUnixTimeSeconds(),
            }, cancellationToken);
        }
        catch (ChainRevertedException e) when (e.Refusal == ChainRefusal.AlreadyDone)
        {
        }

        return await GetMirroredOfferIdAsync(offerId, cancellationToken)
            ?? throw new InvalidOperationException($"Offer {offerId} was mirrored but the contract does not know it.");
    }

    /// <summary>
    /// Records a mobile-money trade on its mirrored offer; the trade id is the reference, used once. Returns the block
    /// the record was mined in, or null when it was already there. A mirror closed before the record landed (a
    /// reorganisation undid the record after the close went out) takes no more trades, and its close returned this
    /// trade's energy to the operator's inventory: the trade is then recorded as a mobile money payment from that
    /// inventory, under the same reference.
    /// </summary>
    public async Task<long?> RecordMobileMoneyTradeAsync(long chainOfferId, string buyer, long energyWh, Guid tradeId, CancellationToken cancellationToken = default)
    {
        var reference = tradeId.ToString("N");
        if (await Client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, new IsReferenceUsedFunction { MobileMoneyRef = reference }, cancellationToken))
        {
            return null;
        }

        try
        {
            var receipt = await Client.SendAsync(Trading, new ExecuteTradeWithMobileMoneyFunction
            {
                OfferId = chainOfferId,
                Buyer = buyer,
                EnergyAmount = energyWh,
                MobileMoneyRef = reference,
            }, cancellationToken);
            return (long)receipt.BlockNumber.Value;
        }
        catch (ChainRevertedException e) when (e.Refusal == ChainRefusal.AlreadyDone)
        {
            return null;
        }
        catch (ChainRevertedException e) when (e.ErrorName == "OfferNotActive")
        {
            return await RecordMobileMoneyPaymentAsync(buyer, energyWh, reference, cancellationToken);
        }
    }

    private async Task<long?> RecordMobileMoneyPaymentAsync(string buyer, long energyWh, string reference, CancellationToken cancellationToken)
    {
        await EnsureEnergyAllowanceAsync(energyWh, cancellationToken);
        try
        {
            var receipt = await Client.SendAsync(Trading, new ProcessMobileMoneyPaymentFunction
            {
                User = buyer,
                MobileMoneyRef = reference,
                EnergyAmount = energyWh,
            }, cancellationToken);
            return (long)receipt.BlockNumber.Value;
        }
        catch (ChainRevertedException e) when (e.Refusal == ChainRefusal.AlreadyDone)
        {
            return null;
        }
    }

    /// <summary>Closes a mirrored offer, returning its unsold escrow to the operator; an already closed offer counts as done.</summary>
    public async Task CancelOfferAsync(long chainOfferId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Client.SendAsync(Trading, new CancelEnergyOfferFunction { OfferId = chainOfferId }, cancellationToken);
        }
        catch (ChainRevertedException e) when (e.ErrorName == "OfferNotActive")
        {
        }
    }

    private static long Clamp(BigInteger value) => value > long.MaxValue ? long.MaxValue : (long)value;
}

/// <summary>A buyer's payment-token balance and the allowance they gave the contract, in ngwee.</summary>
public sealed record BuyerFunds(long BalanceNgwee, long AllowanceNgwee)
{
    public bool Covers(long amountNgwee) => BalanceNgwee >= amountNgwee && AllowanceNgwee >= amountNgwee;
}
