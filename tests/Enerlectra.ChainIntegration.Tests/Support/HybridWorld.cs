using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nethereum.Signer;

namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>
/// A fresh gateway (in-memory silo, mobile money sandbox) on the deployed contracts, with the users, wallets and
/// offers the hybrid-rail tests need, all made through the public API or, for wallets, on the chain itself.
/// Each test starts its own: the chain is reverted between tests, and a server must not outlive its chain.
/// </summary>
public sealed class HybridWorld : IAsyncDisposable
{
    private HybridWorld(DeployedChain chain, ChainGateway gateway)
    {
        Chain = chain;
        Gateway = gateway;
    }

    /// <summary>executeTradeFor's selector, lowercase hex without 0x: what a raw transaction paying a trade contains.</summary>
    public static readonly string ExecuteTradeForSelector =
        Nethereum.Util.Sha3Keccack.Current.CalculateHash("executeTradeFor(bytes32,uint256,address,uint256)")[..8];

    public DeployedChain Chain { get; }

    public ChainGateway Gateway { get; }

    public string PaymentToken => Chain.Settings[ChainOptions.PaymentTokenAddressKey];

    public string EnergyToken => Chain.Settings[ChainOptions.EnergyTokenAddressKey];

    public string Trading => Chain.Settings[ChainOptions.EnergyTradingAddressKey];

    /// <summary>Server settings for tests: quick polling, listening from the current head unless overridden.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(DeployedChain chain, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = chain.ServerConfiguration();
        settings["Blockchain:ListenerPollInterval"] = "00:00:00.2";
        settings["Blockchain:MirrorRetryInterval"] = "00:00:00.2";
        settings["Blockchain:StartBlock"] = (await TestChain.HeadAsync() + 1).ToString();
        settings["Blockchain:ReceiptTimeout"] = "00:00:05";
        settings["Blockchain:RequestTimeout"] = "00:00:03";
        settings["Blockchain:TransportRetries"] = "1";
        settings["Trading:PaymentPollInterval"] = "00:00:00.2";
        settings["Trading:MaxPaymentPollInterval"] = "00:00:01";
        settings["Trading:ReconcileReminderPeriod"] = "00:00:05";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<HybridWorld> StartAsync(DeployedChain chain, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new(chain, await ChainGateway.StartAsync(await SettingsAsync(chain, overrides)));

    public static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..24];

    /// <summary>A fresh MTN number (096 + 7 digits) whose last four never hit a sandbox scenario ending (0001-0013).</summary>
    public static string NewMtnPhone() => "+26096" + RandomNumberGenerator.GetInt32(100, 1000) + RandomNumberGenerator.GetInt32(200, 1000) + "7";

    /// <summary>A fresh MTN number ending in a sandbox scenario: "0001" declines, "0004" stays pending until <see cref="ApproveMtnAsync"/>.</summary>
    public static string NewMtnPhone(string scenario) => "+26096" + RandomNumberGenerator.GetInt32(100, 1000) + scenario;

    /// <summary>The payer approves a pending MTN collection (scenario "0004"), once the sandbox has it.</summary>
    public Task ApproveMtnAsync(string tradeId) =>
        Eventually.UntilAsync(async () => (await Gateway.Sandbox.PostAsync($"/sandbox/mtn/collections/{tradeId}/approve", null)).IsSuccessStatusCode,
            ok => ok, "the buyer to approve the payment");

    /// <summary>Gives <paramref name="key"/>'s address payment tokens and lets the contract spend <paramref name="allowanceNgwee"/> of them.</summary>
    public static async Task FundWalletAsync(DeployedChain chain, string key, long balanceNgwee, long allowanceNgwee)
    {
        var address = new EthECKey(key).GetPublicAddress();
        var token = chain.Settings[ChainOptions.PaymentTokenAddressKey];
        using var operatorClient = chain.Client();
        if (balanceNgwee > 0)
        {
            await operatorClient.SendAsync(token, new MintFunction { To = address, AmountNgwee = balanceNgwee });
        }

        using var user = chain.Client(key);
        await user.SendAsync(token, new ApproveFunction { Spender = chain.Settings[ChainOptions.EnergyTradingAddressKey], Value = allowanceNgwee });
    }

    public async Task<Metadata> AuthAsync(string userId, params string[] roles) => await Gateway.AuthAsync(userId, roles);

    /// <summary>What verifying a number collects (and credits to balance_ngwee): PhoneVerification:AmountNgwee's default.</summary>
    public const long VerificationNgwee = 100;

    /// <summary>
    /// Links <paramref name="phone"/> to <paramref name="userId"/>'s wallet and waits until the sandbox approved its
    /// verification: mobile money (a trade, or a hybrid trade's fallback) is only ever collected from that phone.
    /// </summary>
    public async Task<Wallet> LinkVerifiedPhoneAsync(string userId, string phone) =>
        await PhoneLinks.LinkVerifiedAsync(new WalletService.WalletServiceClient(Gateway.Channel), userId, await AuthAsync(userId), phone);

    /// <summary>Links <paramref name="key"/>'s address to <paramref name="userId"/> by signing the server's challenge.</summary>
    public async Task ConnectWalletAsync(string userId, string key)
    {
        var auth = await AuthAsync(userId);
        var api = new WalletConnectionService.WalletConnectionServiceClient(Gateway.Channel);
        var challenge = await api.IssueChallengeAsync(new() { UserId = userId }, auth);
        var ecKey = new EthECKey(key);
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(challenge.Message, ecKey);
        await api.ConnectAsync(new() { UserId = userId, Address = ecKey.GetPublicAddress(), Signature = signature }, auth);
    }

    /// <summary>Meters <paramref name="energyWh"/> for the seller and offers it; optionally waits until it is payable from wallets.</summary>
    public async Task<Offer> OfferAsync(string sellerId, long energyWh, long pricePerKwhNgwee, bool waitUntilOnChain = true)
    {
        await MeteredGeneration.CreditAsync(Gateway.Channel, sellerId, energyWh);
        var offer = await Offers.CreateOfferAsync(new CreateOfferRequest
        {
            SellerId = sellerId,
            EnergyWh = energyWh,
            PricePerKwhNgwee = pricePerKwhNgwee,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        }, await AuthAsync(sellerId));
        return waitUntilOnChain ? await WaitForOfferAsync(offer.OfferId, o => o.PayableFromWallet, "the offer to be mirrored on-chain") : offer;
    }

    public OfferService.OfferServiceClient Offers => new(Gateway.Channel);

    public TradeService.TradeServiceClient Trades => new(Gateway.Channel);

    public async Task<Offer> WaitForOfferAsync(string offerId, Func<Offer, bool> done, string what, TimeSpan? timeout = null)
    {
        var auth = await AuthAsync("observer");
        return await Eventually.UntilAsync(async () => await Offers.GetOfferAsync(new GetOfferRequest { OfferId = offerId }, auth), done, what, timeout ?? TimeSpan.FromSeconds(30));
    }

    public async Task<Trade> WaitForTradeAsync(string buyerId, string tradeId, Func<Trade, bool> done, string what, TimeSpan? timeout = null)
    {
        var auth = await AuthAsync(buyerId);
        return await Eventually.UntilAsync(async () => await Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId }, auth), done, what, timeout ?? TimeSpan.FromSeconds(30));
    }

    public async Task<Wallet> WalletAsync(string userId) =>
        await new WalletService.WalletServiceClient(Gateway.Channel).GetWalletAsync(new GetWalletRequest { UserId = userId }, await AuthAsync(userId));

    public async Task<long> TokenBalanceAsync(string token, string address)
    {
        using var client = Chain.Client();
        return (long)await client.QueryValueAsync<BalanceOfFunction, BigInteger>(token, new BalanceOfFunction { Account = address });
    }

    /// <summary>
    /// What the sandbox actually collected from <paramref name="phone"/> over MTN for trades: (count, total ngwee). The
    /// number's verification is not a trade payment: see <see cref="MtnVerificationsAsync"/>.
    /// </summary>
    public async Task<(int Count, long TotalNgwee)> MtnCollectedAsync(string phone)
    {
        var party = await MtnPartyAsync(phone);
        return party is null ? (0, 0) : (party.Count - party.VerificationCount, party.TotalNgwee - party.VerificationNgwee);
    }

    /// <summary>What the sandbox collected from <paramref name="phone"/> over MTN to verify it: (count, total ngwee).</summary>
    public async Task<(int Count, long TotalNgwee)> MtnVerificationsAsync(string phone)
    {
        var party = await MtnPartyAsync(phone);
        return party is null ? (0, 0) : (party.VerificationCount, party.VerificationNgwee);
    }

    private async Task<Party?> MtnPartyAsync(string phone)
    {
        var ledger = await Gateway.Sandbox.GetFromJsonAsync<Ledger>("/sandbox/mtn/collections/ledger");
        var digits = phone.TrimStart('+');
        return ledger!.Parties.FirstOrDefault(p => p.Msisdn.TrimStart('+') == digits);
    }

    public async Task<BlockchainHealth> StatusAsync() =>
        (await new BlockchainService.BlockchainServiceClient(Gateway.Channel).GetStatusAsync(new BlockchainStatusRequest())).Data;

    public async Task<BlockchainHealth> SyncAsync() =>
        (await new BlockchainService.BlockchainServiceClient(Gateway.Channel).SyncAsync(new BlockchainSyncRequest(), await AuthAsync("ops", "operator"))).Data;

    public ValueTask DisposeAsync() => Gateway.DisposeAsync();

    private sealed record Ledger(long TotalNgwee, int Count, List<Party> Parties);

    private sealed record Party(string Msisdn, long TotalNgwee, int Count, long VerificationNgwee, int VerificationCount);
}
