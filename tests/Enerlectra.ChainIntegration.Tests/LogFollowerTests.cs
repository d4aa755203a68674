using System.Numerics;
using System.Text.Json;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.Chain.Listening;
using Enerlectra.ChainIntegration.Tests.Support;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>ChainLogFollower against the real node: decoding, confirmation depth, paging, reorganisations.</summary>
public sealed class LogFollowerTests(DeployedChain chain) : ChainTestBase(chain)
{
    private const long Price = 250;   // ngwee per kWh

    private string Trading => Chain.Settings[ChainOptions.EnergyTradingAddressKey];
    private string Energy => Chain.Settings[ChainOptions.EnergyTokenAddressKey];
    private string Payment => Chain.Settings[ChainOptions.PaymentTokenAddressKey];

    [Fact]
    public async Task A_direct_offer_and_a_trade_on_it_come_out_decoded_and_grouped_per_transaction()
    {
        using var client = Chain.Client();
        var start = await TestChain.HeadAsync() + 1;
        var offer = await CreateOfferAsync(TestChain.UserKey, 5000, acceptMobileMoney: true);
        var trade = await BuyAsync(TestChain.OtherUserKey, offer.OfferId, 2000);
        var head = await TestChain.HeadAsync();

        var follower = new ChainLogFollower(client, Trading, confirmations: 1);
        var step = Assert.IsType<Advanced>(await follower.NextAsync(FollowerCheckpoint.Start(start)));

        // The mints and approvals are the tokens' logs, not EnergyTrading's: two transactions.
        Assert.Equal(head, step.Head);
        Assert.Collection(step.Transactions,
            created =>
            {
                Assert.Equal(offer.Receipt.TransactionHash, created.TransactionHash);
                Assert.Equal((long)offer.Receipt.BlockNumber.Value, created.BlockNumber);
                Assert.Equal(offer.Receipt.BlockHash, created.BlockHash);
                var e = Assert.IsType<OfferCreated>(Assert.Single(created.Events));
                Assert.Equal(new OfferCreated(0, offer.OfferId, Address(TestChain.UserKey), 5000, Price, offer.ExpiresAt, true), e);
            },
            traded =>
            {
                Assert.Equal(trade.TransactionHash, traded.TransactionHash);
                Assert.Equal((long)trade.BlockNumber.Value, traded.BlockNumber);
                // 2,000 Wh at 250 ngwee/kWh = 500 ngwee; the default fee is 25 bps, rounded up: ceil(1.25) = 2.
                Assert.Equal(
                [
                    new TradeExecuted(0, offer.OfferId, Address(TestChain.OtherUserKey), Address(TestChain.UserKey), 2000, 500, 2, PaidOnChain: true),
                    new OfferUpdated(1, offer.OfferId, 3000, (int)ChainOfferStatus.Active),
                ], traded.Events);
                Assert.Equal($"{trade.TransactionHash}:1", traded.IdOf(traded.Events[1]));
            });

        Assert.Equal(head, step.Checkpoint.BlockNumber);
        Assert.Equal((await client.GetBlockRefAsync(head, default))!.Hash, step.Checkpoint.BlockHash);
        Assert.Equal(new BlockRef(head, step.Checkpoint.BlockHash!), step.Checkpoint.Recent[^1]);
        Assert.Equal(Enumerable.Range((int)start, (int)(head - start + 1)).Select(n => (long)n), step.Checkpoint.Recent.Select(r => r.Number));
    }

    [Fact]
    public async Task Nothing_new_is_up_to_date_with_the_same_checkpoint()
    {
        using var client = Chain.Client();
        await CreateOfferAsync(TestChain.UserKey, 1000);
        var head = await TestChain.HeadAsync();
        var follower = new ChainLogFollower(client, Trading, confirmations: 1);

        var caughtUp = Assert.IsType<Advanced>(await follower.NextAsync(FollowerCheckpoint.Start(head - 1)));
        Assert.Equal(head, caughtUp.Checkpoint.BlockNumber);

        var again = Assert.IsType<UpToDate>(await follower.NextAsync(caughtUp.Checkpoint));
        Assert.Same(caughtUp.Checkpoint, again.Checkpoint);
        Assert.Equal(head, again.Head);

        // A block without EnergyTrading logs advances the checkpoint with no transactions.
        await MineAsync(1);
        var empty = Assert.IsType<Advanced>(await follower.NextAsync(again.Checkpoint));
        Assert.Empty(empty.Transactions);
        Assert.Equal(head + 1, empty.Checkpoint.BlockNumber);
    }

    [Fact]
    public async Task A_transaction_is_returned_only_once_it_is_confirmations_deep()
    {
        using var client = Chain.Client();
        var offer = await CreateOfferAsync(TestChain.UserKey, 3000);
        var block = (long)offer.Receipt.BlockNumber.Value;
        var follower = new ChainLogFollower(client, Trading, confirmations: 3);
        var checkpoint = FollowerCheckpoint.Start(block);

        Assert.IsType<UpToDate>(await follower.NextAsync(checkpoint));   // mined: 1 of 3
        await MineAsync(1);
        var step = Assert.IsType<UpToDate>(await follower.NextAsync(checkpoint));   // 2 of 3
        Assert.Equal(block + 1, step.Head);
        Assert.Same(checkpoint, step.Checkpoint);

        await MineAsync(1);
        var advanced = Assert.IsType<Advanced>(await follower.NextAsync(checkpoint));   // 3 of 3
        Assert.Equal(offer.Receipt.TransactionHash, Assert.Single(advanced.Transactions).TransactionHash);
        Assert.Equal(block, advanced.Checkpoint.BlockNumber);   // not the head: the two blocks above are not confirmed yet
        Assert.Equal(block + 2, advanced.Head);
        Assert.IsType<UpToDate>(await follower.NextAsync(advanced.Checkpoint));
    }

    [Fact]
    public async Task A_long_range_is_read_in_steps_of_at_most_max_blocks_and_the_checkpoint_remembers_the_recent_window()
    {
        using var client = Chain.Client();
        var start = await TestChain.HeadAsync() + 1;
        var first = await CreateOfferAsync(TestChain.UserKey, 1000);
        var second = await CreateOfferAsync(TestChain.OtherUserKey, 2000);
        await MineAsync(3);
        var head = await TestChain.HeadAsync();
        Assert.Equal(start + 8, head);

        var follower = new ChainLogFollower(client, Trading, confirmations: 1, maxBlocksPerStep: 2, recentWindow: 3);
        var checkpoint = FollowerCheckpoint.Start(start);
        var seen = new List<ChainTransaction>();
        var steps = 0;
        while (await follower.NextAsync(checkpoint) is Advanced step)
        {
            steps++;
            Assert.InRange(step.Checkpoint.BlockNumber - checkpoint.BlockNumber, 1, 2);
            var recent = step.Checkpoint.Recent;
            Assert.InRange(recent.Count, 1, 3);
            Assert.Equal(new BlockRef(step.Checkpoint.BlockNumber, step.Checkpoint.BlockHash!), recent[^1]);
            Assert.Equal(Enumerable.Range(0, recent.Count).Select(i => step.Checkpoint.BlockNumber - recent.Count + 1 + i), recent.Select(r => r.Number));
            seen.AddRange(step.Transactions);
            checkpoint = step.Checkpoint;
        }

        Assert.Equal(5, steps);   // 9 blocks, 2 at a time
        Assert.Equal(head, checkpoint.BlockNumber);
        Assert.Equal(3, checkpoint.Recent.Count);
        Assert.Equal([first.Receipt.TransactionHash, second.Receipt.TransactionHash], seen.Select(t => t.TransactionHash));
        Assert.Equal([first.OfferId, second.OfferId], seen.Select(t => Assert.IsType<OfferCreated>(Assert.Single(t.Events)).OfferId));
    }

    [Fact]
    public async Task A_reorganisation_rewinds_to_the_common_ancestor_and_the_new_branch_follows()
    {
        var h0 = await TestChain.HeadAsync();
        var checkpoint = FollowerCheckpoint.Start(h0);
        var snapshot = await TestChain.SnapshotAsync();

        // Branch A: the user's offer, processed.
        var a = await CreateOfferAsync(TestChain.UserKey, 4000);
        ChainLogFollower follower;
        using (var client = Chain.Client())
        {
            follower = new ChainLogFollower(client, Trading, confirmations: 1);
            var processed = Assert.IsType<Advanced>(await follower.NextAsync(checkpoint));
            Assert.Equal(a.Receipt.TransactionHash, Assert.Single(processed.Transactions).TransactionHash);
            checkpoint = processed.Checkpoint;
        }

        Assert.Equal(h0 + 3, checkpoint.BlockNumber);
        var ancestor = checkpoint.Recent[0];
        Assert.Equal(h0, ancestor.Number);

        // Branch B replaces it from block h0 + 1: another user's offer, and one block more.
        await TestChain.RevertAsync(snapshot);
        var b = await CreateOfferAsync(TestChain.OtherUserKey, 6000);
        await MineAsync(1);
        Assert.NotEqual(a.Receipt.BlockHash, b.Receipt.BlockHash);

        using (var fresh = Chain.Client())
        {
            follower = new ChainLogFollower(fresh, Trading, confirmations: 1);
            var reorg = Assert.IsType<Reorganised>(await follower.NextAsync(checkpoint));
            Assert.Equal(h0, reorg.RewoundTo.BlockNumber);
            Assert.Equal(ancestor.Hash, reorg.RewoundTo.BlockHash);
            Assert.Equal([ancestor], reorg.RewoundTo.Recent);
            Assert.Equal(h0 + 4, reorg.Head);

            var replay = Assert.IsType<Advanced>(await follower.NextAsync(reorg.RewoundTo));
            var tx = Assert.Single(replay.Transactions);
            Assert.Equal(b.Receipt.TransactionHash, tx.TransactionHash);
            var created = Assert.IsType<OfferCreated>(Assert.Single(tx.Events));
            Assert.Equal(Address(TestChain.OtherUserKey), created.Seller);
            Assert.Equal(6000, created.EnergyWh);
            Assert.Equal(h0 + 4, replay.Checkpoint.BlockNumber);
            Assert.IsType<UpToDate>(await follower.NextAsync(replay.Checkpoint));
        }
    }

    [Fact]
    public async Task A_chain_that_got_shorter_than_the_checkpoint_is_a_reorganisation_too()
    {
        var h0 = await TestChain.HeadAsync();
        var snapshot = await TestChain.SnapshotAsync();
        await CreateOfferAsync(TestChain.UserKey, 4000);
        FollowerCheckpoint checkpoint;
        using (var client = Chain.Client())
        {
            checkpoint = Assert.IsType<Advanced>(await new ChainLogFollower(client, Trading, 1).NextAsync(FollowerCheckpoint.Start(h0))).Checkpoint;
        }

        await TestChain.RevertAsync(snapshot);   // blocks h0 + 1 .. h0 + 3 are gone, nothing replaces them
        using var fresh = Chain.Client();
        var follower = new ChainLogFollower(fresh, Trading, 1);
        var reorg = Assert.IsType<Reorganised>(await follower.NextAsync(checkpoint));
        Assert.Equal(h0, reorg.RewoundTo.BlockNumber);
        Assert.Equal(checkpoint.Recent[0].Hash, reorg.RewoundTo.BlockHash);
        Assert.Null(await fresh.GetBlockRefAsync(h0 + 1, default));
        Assert.IsType<UpToDate>(await follower.NextAsync(reorg.RewoundTo));
    }

    [Fact]
    public async Task A_reorganisation_deeper_than_the_window_rewinds_below_the_oldest_remembered_block_without_a_hash()
    {
        var h0 = await TestChain.HeadAsync();
        var snapshot = await TestChain.SnapshotAsync();
        await CreateOfferAsync(TestChain.UserKey, 4000);
        await MineAsync(2);
        FollowerCheckpoint checkpoint;
        using (var client = Chain.Client())
        {
            var follower = new ChainLogFollower(client, Trading, confirmations: 1, recentWindow: 2);
            checkpoint = Assert.IsType<Advanced>(await follower.NextAsync(FollowerCheckpoint.Start(h0 + 1))).Checkpoint;
        }

        Assert.Equal([h0 + 4, h0 + 5], checkpoint.Recent.Select(r => r.Number));

        await TestChain.RevertAsync(snapshot);
        await CreateOfferAsync(TestChain.OtherUserKey, 5000);
        await MineAsync(2);
        using (var fresh = Chain.Client())
        {
            var follower = new ChainLogFollower(fresh, Trading, confirmations: 1, recentWindow: 2);
            var reorg = Assert.IsType<Reorganised>(await follower.NextAsync(checkpoint));
            Assert.Equal(h0 + 3, reorg.RewoundTo.BlockNumber);   // the oldest remembered block was h0 + 4
            Assert.Null(reorg.RewoundTo.BlockHash);
            Assert.Empty(reorg.RewoundTo.Recent);

            var resumed = Assert.IsType<Advanced>(await follower.NextAsync(reorg.RewoundTo));
            Assert.Equal(h0 + 5, resumed.Checkpoint.BlockNumber);
        }
    }

    private sealed record CreatedOffer(long OfferId, long ExpiresAt, TransactionReceipt Receipt);

    /// <summary>Mints <paramref name="wh"/> to the seller, who approves the escrow and offers it: three blocks.</summary>
    private async Task<CreatedOffer> CreateOfferAsync(string sellerKey, long wh, bool acceptMobileMoney = false)
    {
        using var operatorClient = Chain.Client();
        using var seller = Chain.Client(sellerKey);
        await operatorClient.SendAsync(Energy, new MintGenerationFunction
        {
            To = seller.OperatorAddress,
            AmountWh = wh,
            ReadingId = Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray()),
        });
        await seller.SendAsync(Energy, new ApproveFunction { Spender = Trading, Value = wh });
        var offerId = (long)await seller.QueryValueAsync<NextOfferIdFunction, BigInteger>(Trading, new NextOfferIdFunction());
        var latest = await TestChain.Web3().Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var expiresAt = (long)latest.Timestamp.Value + 86_400;
        var receipt = await seller.SendAsync(Trading, new CreateEnergyOfferFunction
        {
            EnergyAmount = wh,
            PricePerKwh = Price,
            ExpiresAt = expiresAt,
            AcceptMobileMoney = acceptMobileMoney,
        });
        return new CreatedOffer(offerId, expiresAt, receipt);
    }

    /// <summary>Funds the buyer with payment tokens, who approves and buys <paramref name="wh"/> of the offer: three blocks.</summary>
    private async Task<TransactionReceipt> BuyAsync(string buyerKey, long offerId, long wh)
    {
        using var operatorClient = Chain.Client();
        using var buyer = Chain.Client(buyerKey);
        const long funds = 1_000_000;
        await operatorClient.SendAsync(Payment, new MintFunction { To = buyer.OperatorAddress, AmountNgwee = funds });
        await buyer.SendAsync(Payment, new ApproveFunction { Spender = Trading, Value = funds });
        return await buyer.SendAsync(Trading, new ExecuteTradeWithBlockchainFunction { OfferId = offerId, EnergyAmount = wh });
    }

    private static async Task MineAsync(int blocks)
    {
        var web3 = TestChain.Web3();
        for (var i = 0; i < blocks; i++)
        {
            await web3.Client.SendRequestAsync<string>(new RpcRequest(1, "evm_mine"));
        }
    }

    private static string Address(string privateKey) => new Nethereum.Web3.Accounts.Account(privateKey).Address;
}

/// <summary>The decoders and the grouping on hand-built logs (the mirror events need no deployed contract).</summary>
public sealed class LogFollowerDecodingTests
{
    private const string Contract = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private const string Tx1 = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string Tx2 = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private const string Block = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public void OfferMirrored_decodes_the_server_offer_id_and_the_offer_id_from_its_topics()
    {
        var serverOfferId = Guid.NewGuid();
        var log = Log(Tx1, 0, 10, ChainEventDecoder.OfferMirroredTopic, ChainEventDecoder.GuidTopic(serverOfferId), Uint(42));
        Assert.Equal(new OfferMirrored(3, serverOfferId, 42), ChainEventDecoder.Decode(log, 3));
    }

    [Fact]
    public void ServerTradeExecuted_decodes_the_trade_id_offer_id_and_checksummed_buyer()
    {
        var tradeId = Guid.NewGuid();
        var buyer = new Nethereum.Web3.Accounts.Account(TestChain.UserKey).Address;
        var log = Log(Tx1, 0, 10, ChainEventDecoder.ServerTradeExecutedTopic, ChainEventDecoder.GuidTopic(tradeId), Uint(7),
            "0x000000000000000000000000" + buyer[2..].ToLowerInvariant());
        var decoded = Assert.IsType<ServerTradeExecuted>(ChainEventDecoder.Decode(log, 1));
        Assert.Equal(new ServerTradeExecuted(1, tradeId, 7, buyer), decoded);
        Assert.NotEqual(buyer.ToLowerInvariant(), decoded.Buyer);   // checksummed, not lowercase
    }

    [Fact]
    public void The_mirror_event_topics_are_the_keccak_of_their_signatures_and_match_the_contract_abi_when_it_has_them()
    {
        Assert.Equal("0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash("OfferMirrored(bytes32,uint256)"u8.ToArray())),
            ChainEventDecoder.OfferMirroredTopic);

        using var abi = JsonDocument.Parse(ContractArtifacts.EnergyTrading.Abi);
        var events = abi.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "event")
            .ToDictionary(
                e => e.GetProperty("name").GetString()!,
                e => $"{e.GetProperty("name").GetString()}({string.Join(",", e.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()))})");
        foreach (var known in new[] { "EnergyOfferCreated", "TradeExecuted", "MobileMoneyPaymentReceived", "EnergyOfferCancelled", "EnergyOfferUpdated" })
        {
            Assert.Contains(known, events.Keys);
        }

        if (events.TryGetValue("OfferMirrored", out var mirrored))
        {
            Assert.Equal(ChainEventDecoder.OfferMirroredSignature, mirrored);
        }

        if (events.TryGetValue("ServerTradeExecuted", out var serverTrade))
        {
            Assert.Equal(ChainEventDecoder.ServerTradeExecutedSignature, serverTrade);
        }
    }

    [Fact]
    public void DepositCollected_decodes_the_deposit_id_checksummed_account_and_amount_under_the_contracts_signature()
    {
        const string signature = "DepositCollected(bytes32,address,uint256)";
        using var abi = JsonDocument.Parse(ContractArtifacts.EnergyTrading.Abi);
        var deposit = abi.RootElement.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "event" && e.GetProperty("name").GetString() == "DepositCollected");
        Assert.Equal(signature, $"DepositCollected({string.Join(",", deposit.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()))})");

        var depositId = Guid.NewGuid();
        var account = new Nethereum.Web3.Accounts.Account(TestChain.UserKey).Address;
        var log = Log(Tx1, 0, 10, ChainEventDecoder.Topic(signature), ChainEventDecoder.GuidTopic(depositId), "0x000000000000000000000000" + account[2..].ToLowerInvariant());
        log.Data = Uint(25_000);
        var decoded = Assert.IsType<DepositCollected>(ChainEventDecoder.Decode(log, 2));
        Assert.Equal(new DepositCollected(2, depositId, account, 25_000), decoded);
    }

    [Fact]
    public void Unknown_events_decode_to_null()
    {
        var feeUpdated = ChainEventDecoder.Topic("FeeUpdated(uint256,uint256)");
        Assert.Null(ChainEventDecoder.Decode(Log(Tx1, 0, 10, feeUpdated), 0));
    }

    [Fact]
    public void Logs_are_grouped_per_transaction_in_block_and_log_order_and_indexed_within_their_transaction()
    {
        var offer = Guid.NewGuid();
        var trade = Guid.NewGuid();
        var buyer = "0x000000000000000000000000" + new Nethereum.Web3.Accounts.Account(TestChain.OtherUserKey).Address[2..];
        var unknown = ChainEventDecoder.Topic("FeeUpdated(uint256,uint256)");
        const string tx3 = "0x3333333333333333333333333333333333333333333333333333333333333333";
        var logs = new[]
        {
            Log(Tx2, 5, 11, ChainEventDecoder.ServerTradeExecutedTopic, ChainEventDecoder.GuidTopic(trade), Uint(9), buyer),
            Log(Tx1, 3, 10, ChainEventDecoder.OfferMirroredTopic, ChainEventDecoder.GuidTopic(offer), Uint(9)),
            Log(Tx1, 2, 10, unknown),   // counts for the position, is not returned
            Log(tx3, 0, 11, unknown),   // a transaction with nothing known is left out
        };

        var grouped = ChainLogFollower.Group(logs);

        Assert.Equal([Tx1, Tx2], grouped.Select(t => t.TransactionHash));
        Assert.Equal([10L, 11L], grouped.Select(t => t.BlockNumber));
        Assert.Equal(new OfferMirrored(1, offer, 9), Assert.Single(grouped[0].Events));
        var executed = Assert.IsType<ServerTradeExecuted>(Assert.Single(grouped[1].Events));
        Assert.Equal(0, executed.IndexInTransaction);
        Assert.Equal(trade, executed.TradeId);
        Assert.Equal($"{Tx1}:1", grouped[0].IdOf(grouped[0].Events[0]));
    }

    [Fact]
    public void A_server_id_that_is_not_a_guid_is_refused()
    {
        var log = Log(Tx1, 0, 10, ChainEventDecoder.OfferMirroredTopic, "0x" + new string('f', 64), Uint(1));
        Assert.Throws<FormatException>(() => ChainEventDecoder.Decode(log, 0));
    }

    [Fact]
    public void The_start_checkpoint_is_just_before_the_first_block_without_a_hash()
    {
        var start = FollowerCheckpoint.Start(100);
        Assert.Equal(99, start.BlockNumber);
        Assert.Null(start.BlockHash);
        Assert.Empty(start.Recent);
    }

    private static FilterLog Log(string tx, long logIndex, long block, params string[] topics) => new()
    {
        Address = Contract,
        TransactionHash = tx,
        BlockHash = Block,
        BlockNumber = new HexBigInteger(block),
        LogIndex = new HexBigInteger(logIndex),
        TransactionIndex = new HexBigInteger(0),
        Topics = topics.Cast<object>().ToArray(),
        Data = "0x",
    };

    private static string Uint(long value) => "0x" + value.ToString("x64");
}
