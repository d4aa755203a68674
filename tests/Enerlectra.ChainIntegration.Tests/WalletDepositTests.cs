using System.Numerics;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Testing;
using Grpc.Core;
using Nethereum.Signer;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>
/// Deposits from a linked wallet through the real gateway on the dev chain: the payment tokens move once under the
/// deposit id and the market balance is credited once; a refusal takes and credits nothing; a send whose answer was
/// lost stays pending (never failed) and completes once the chain can be asked again; the books balance after each.
/// </summary>
public sealed class WalletDepositTests(DeployedChain chain) : ChainTestBase(chain)
{
    /// <summary>depositFor's selector, lowercase hex without 0x: what a raw transaction collecting a deposit contains.</summary>
    private static readonly string DepositForSelector =
        Nethereum.Util.Sha3Keccack.Current.CalculateHash("depositFor(bytes32,address,uint256)")[..8];

    private static readonly string UserAddress = new EthECKey(TestChain.UserKey).GetPublicAddress();

    [Fact]
    public async Task A_wallet_deposit_moves_the_tokens_once_credits_the_market_balance_once_and_its_key_returns_the_same_deposit()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var user = HybridWorld.NewUser("depositor");
        await world.ConnectWalletAsync(user, TestChain.UserKey);
        var auth = await world.AuthAsync(user);
        var tokensBefore = await world.TokenBalanceAsync(world.PaymentToken, UserAddress);
        var balanceBefore = (await world.WalletAsync(user)).BalanceNgwee;

        var started = await Wallets(world).DepositAsync(Request(user, 25_000, "wd-1"), auth);

        Assert.Equal(("wallet", "wallet", "", 25_000L), (started.Method, started.Network, started.PhoneNumber, started.AmountNgwee));
        Assert.Equal(UserAddress.ToLowerInvariant(), started.WalletAddress.ToLowerInvariant());
        var deposit = await FinalAsync(world, user, started.DepositId);
        Assert.Equal(("completed", ""), (deposit.Status, deposit.FailureReason));
        Assert.StartsWith("0x", deposit.ProviderTransactionId);
        Assert.Equal(tokensBefore - 25_000, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));
        Assert.True(await IsRecordedAsync(world, started.DepositId));
        Assert.Equal(balanceBefore + 25_000, (await world.WalletAsync(user)).BalanceNgwee);

        // The same key is the same deposit: nothing moves again. Another request under it is refused.
        var again = await Wallets(world).DepositAsync(Request(user, 25_000, "wd-1"), auth);
        Assert.Equal((started.DepositId, "completed"), (again.DepositId, again.Status));
        var conflict = await Assert.ThrowsAsync<RpcException>(async () => await Wallets(world).DepositAsync(Request(user, 30_000, "wd-1"), auth));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);

        // The listener sees the collection on-chain and recognises it as ours: no second credit.
        await world.SyncAsync();
        await AssertMovedAndCreditedAsync(world, user, tokensBefore - 25_000, balanceBefore + 25_000);
    }

    [Fact]
    public async Task Not_enough_allowed_fails_the_deposit_in_plain_words_and_takes_and_credits_nothing()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 10_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var user = HybridWorld.NewUser("depositor");
        await world.ConnectWalletAsync(user, TestChain.UserKey);
        var tokensBefore = await world.TokenBalanceAsync(world.PaymentToken, UserAddress);
        var balanceBefore = (await world.WalletAsync(user)).BalanceNgwee;

        var started = await Wallets(world).DepositAsync(Request(user, 20_000, "wd-1"), await world.AuthAsync(user));

        Assert.Equal("failed", started.Status);
        Assert.Contains("linked wallet", started.FailureReason);
        Assert.Contains("allow", started.FailureReason);
        Assert.Contains("nothing was taken", started.FailureReason);
        foreach (var word in new[] { "chain", "token", "contract", "revert", "ERC20", "allowance" })
        {
            Assert.DoesNotContain(word, started.FailureReason, StringComparison.OrdinalIgnoreCase);
        }

        var stored = await FinalAsync(world, user, started.DepositId);
        Assert.Equal(("failed", started.FailureReason, ""), (stored.Status, stored.FailureReason, stored.ProviderTransactionId));
        Assert.Equal(tokensBefore, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));
        Assert.False(await IsRecordedAsync(world, started.DepositId));
        Assert.Equal(balanceBefore, (await world.WalletAsync(user)).BalanceNgwee);
        await AssertBooksBalanceAsync(world);
    }

    [Fact]
    public async Task The_node_gone_after_the_deposit_was_sent_leaves_it_pending_and_it_completes_once_when_the_node_is_back()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { [ChainOptions.RpcUrlKey] = proxy.Url });
        var user = HybridWorld.NewUser("depositor");
        await world.ConnectWalletAsync(user, TestChain.UserKey);
        var tokensBefore = await world.TokenBalanceAsync(world.PaymentToken, UserAddress);
        var balanceBefore = (await world.WalletAsync(user)).BalanceNgwee;
        proxy.SendFilter = DepositForSelector;
        proxy.GoAwayAfterSend = true;

        var started = await Wallets(world).DepositAsync(Request(user, 40_000, "wd-1"), await world.AuthAsync(user));

        // The node took it (Hardhat mined it) but the server cannot know: pending, not failed, and nothing credited.
        Assert.Equal(("awaiting_approval", ""), (started.Status, started.FailureReason));
        Assert.Equal(tokensBefore - 40_000, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));
        var pending = await Wallets(world).GetDepositAsync(new GetDepositRequest { UserId = user, DepositId = started.DepositId }, await world.AuthAsync(user));
        Assert.Equal("awaiting_approval", pending.Status);
        Assert.Equal(balanceBefore, (await world.WalletAsync(user)).BalanceNgwee);
        // Operators see it as an unresolved wallet deposit with an unknown outcome, not under a mobile money provider.
        var operatorView = new OperatorService.OperatorServiceClient(world.Gateway.Channel);
        var ops = await world.AuthAsync("ops", "operator");
        var overview = await operatorView.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), ops);
        var walletLine = overview.Providers.Single(p => p.Network == "wallet");
        Assert.Equal((1, 1, 1), (walletLine.Unresolved, walletLine.UnresolvedDeposits, walletLine.UnknownOutcome));
        Assert.Equal(0, overview.Providers.Where(p => p.Network != "wallet").Sum(p => p.Unresolved));
        Assert.Equal("wallet_deposit", overview.Oldest.Single(p => p.TradeId == started.DepositId).Kind);

        proxy.Heal();
        var deposit = await FinalAsync(world, user, started.DepositId);

        Assert.Equal(("completed", ""), (deposit.Status, deposit.FailureReason));
        Assert.Equal(tokensBefore - 40_000, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));
        Assert.Equal(balanceBefore + 40_000, (await world.WalletAsync(user)).BalanceNgwee);
        Assert.True(await IsRecordedAsync(world, started.DepositId));
        var resolved = await Eventually.UntilAsync(
            async () => (await operatorView.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), ops)).Providers.Single(p => p.Network == "wallet"),
            w => w.Unresolved == 0, "the wallet deposit to leave the operator's unresolved list");
        Assert.Equal((1L, 0L), (resolved.CompletedDeposits, resolved.FailedDeposits));

        // Later rounds (polls, the reconciler, the listener) never credit it again.
        await world.SyncAsync();
        var again = await Wallets(world).DepositAsync(Request(user, 40_000, "wd-1"), await world.AuthAsync(user));
        Assert.Equal((started.DepositId, "completed"), (again.DepositId, again.Status));
        Assert.Equal(balanceBefore + 40_000, (await world.WalletAsync(user)).BalanceNgwee);
        Assert.Equal(tokensBefore - 40_000, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));
        await AssertBooksBalanceAsync(world);
    }

    [Fact]
    public async Task A_wallet_deposit_without_a_linked_wallet_is_refused_naming_method()
    {
        var gateway = await Chain.GatewayAsync();
        var user = HybridWorld.NewUser("depositor");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new WalletService.WalletServiceClient(gateway.Channel)
            .DepositAsync(Request(user, 1_000, "wd-1"), await gateway.AuthAsync(user)));

        Assert.Equal((StatusCode.FailedPrecondition, "method"), (error.StatusCode, error.Trailers.GetValue("field")));
        Assert.Contains("no linked wallet", error.Status.Detail);
        var nothing = await Assert.ThrowsAsync<RpcException>(async () => await new WalletService.WalletServiceClient(gateway.Channel)
            .DepositAsync(Request(user, 1_000, "wd-1"), await gateway.AuthAsync(user)));
        Assert.Equal(StatusCode.FailedPrecondition, nothing.StatusCode); // refused again: nothing was recorded under the key
    }

    [Fact]
    public async Task Without_a_wallet_rail_on_the_server_a_wallet_deposit_is_refused_naming_method()
    {
        // The chain is there but this server has no operator key: it cannot collect from wallets.
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { [ChainOptions.PrivateKeyKey] = "" });
        var user = HybridWorld.NewUser("depositor");
        await world.ConnectWalletAsync(user, TestChain.UserKey);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Wallets(world).DepositAsync(Request(user, 1_000, "wd-1"), await world.AuthAsync(user)));

        Assert.Equal((StatusCode.FailedPrecondition, "method"), (error.StatusCode, error.Trailers.GetValue("field")));
        Assert.Contains("not available", error.Status.Detail);
        Assert.Contains("mobile_money", error.Status.Detail);
    }

    [Theory]
    [InlineData(1)]    // the listener has read the collection's block: it undoes it from its journal
    [InlineData(20)]   // the listener is 20 blocks behind and never reads the replaced block: its watch catches it
    public async Task A_wallet_deposit_a_reorganisation_drops_is_collected_again_once_and_the_credit_stands(int listenerConfirmations)
    {
        var (world, user, tokensBefore, balanceBefore) = await LinkedDepositorAsync(listenerConfirmations);
        await using var _ = world;

        var fork = await ChainFork.MarkAsync();
        var started = await Wallets(world).DepositAsync(Request(user, 25_000, "wd-1"), await world.AuthAsync(user));
        var credited = await FinalAsync(world, user, started.DepositId);
        Assert.Equal("completed", credited.Status);
        await world.SyncAsync();

        await fork.ReplaceWithLongerBranchAsync(longerBy: 3 + listenerConfirmations);
        Assert.False(await IsRecordedAsync(world, started.DepositId));
        Assert.Equal(tokensBefore, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));

        await world.SyncAsync();
        await Eventually.UntilAsync(() => IsRecordedAsync(world, started.DepositId), recorded => recorded,
            "the deposit to be collected again", TimeSpan.FromSeconds(60));
        var after = await DepositWhenAsync(world, user, started.DepositId,
            d => d.Status == "completed" && d.UpdatedAt.ToDateTimeOffset() > credited.UpdatedAt.ToDateTimeOffset(), "the deposit to record its collection again");

        Assert.Equal("", after.FailureReason);
        await AssertMovedAndCreditedAsync(world, user, tokensBefore - 25_000, balanceBefore + 25_000);
    }

    [Fact]
    public async Task A_wallet_deposit_a_reorganisation_drops_and_the_wallet_then_refuses_is_taken_back_from_the_balance()
    {
        // The listener reads 20 blocks behind: the allowance is withdrawn on the new branch before it notices anything.
        var (world, user, tokensBefore, balanceBefore) = await LinkedDepositorAsync(listenerConfirmations: 20);
        await using var _ = world;

        var fork = await ChainFork.MarkAsync();
        var started = await Wallets(world).DepositAsync(Request(user, 25_000, "wd-1"), await world.AuthAsync(user));
        Assert.Equal("completed", (await FinalAsync(world, user, started.DepositId)).Status);
        Assert.Equal(balanceBefore + 25_000, (await world.WalletAsync(user)).BalanceNgwee);

        // On the branch that wins, the wallet no longer lets the deposit be taken (a double spend, in effect).
        await fork.ReplaceWithLongerBranchAsync(longerBy: 25, onTheNewBranch: () => HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 0, 0));

        await world.SyncAsync();
        var reversed = await DepositWhenAsync(world, user, started.DepositId, d => d.Status == "reversed", "the deposit to be reversed");

        Assert.Contains("no longer allows", reversed.FailureReason);
        Assert.Contains("taken back from your balance", reversed.FailureReason);
        foreach (var word in new[] { "chain", "token", "contract", "revert", "ERC20", "allowance", "reorgani" })
        {
            Assert.DoesNotContain(word, reversed.FailureReason, StringComparison.OrdinalIgnoreCase);
        }

        Assert.False(await IsRecordedAsync(world, started.DepositId));
        await AssertMovedAndCreditedAsync(world, user, tokensBefore, balanceBefore);

        // Settled for good: the same key returns it as it is, and nothing is collected or credited again.
        var again = await Wallets(world).DepositAsync(Request(user, 25_000, "wd-1"), await world.AuthAsync(user));
        Assert.Equal((started.DepositId, "reversed"), (again.DepositId, again.Status));
        Assert.Equal(balanceBefore, (await world.WalletAsync(user)).BalanceNgwee);
    }

    /// <summary>
    /// A server whose listener reads <paramref name="listenerConfirmations"/> blocks behind the head, and a user whose
    /// linked wallet holds and allows plenty, with what the wallet holds and the user's balance before any deposit.
    /// </summary>
    private async Task<(HybridWorld World, string User, long TokensBefore, long BalanceBefore)> LinkedDepositorAsync(int listenerConfirmations)
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { ["Blockchain:ListenerConfirmations"] = listenerConfirmations.ToString() });
        var user = HybridWorld.NewUser("depositor");
        await world.ConnectWalletAsync(user, TestChain.UserKey);
        return (world, user, await world.TokenBalanceAsync(world.PaymentToken, UserAddress), (await world.WalletAsync(user)).BalanceNgwee);
    }

    private static WalletService.WalletServiceClient Wallets(HybridWorld world) => new(world.Gateway.Channel);

    private static DepositRequest Request(string userId, long amountNgwee, string key) =>
        new() { UserId = userId, AmountNgwee = amountNgwee, Method = "wallet", IdempotencyKey = key };

    private static async Task<MoneyDeposit> DepositWhenAsync(HybridWorld world, string userId, string depositId, Func<MoneyDeposit, bool> done, string what) =>
        await Eventually.UntilAsync(
            async () => await Wallets(world).GetDepositAsync(new GetDepositRequest { UserId = userId, DepositId = depositId }, await world.AuthAsync(userId)),
            done, what, TimeSpan.FromSeconds(60));

    /// <summary>What the wallet holds on the chain and the user's market balance are as expected, and the books balance.</summary>
    private static async Task AssertMovedAndCreditedAsync(HybridWorld world, string userId, long tokens, long balanceNgwee)
    {
        Assert.Equal(tokens, await world.TokenBalanceAsync(world.PaymentToken, UserAddress));
        Assert.Equal(balanceNgwee, (await world.WalletAsync(userId)).BalanceNgwee);
        await AssertBooksBalanceAsync(world);
    }

    private static Task<MoneyDeposit> FinalAsync(HybridWorld world, string userId, string depositId) =>
        DepositWhenAsync(world, userId, depositId, d => d.Status is "completed" or "failed", "the deposit to finish");

    private async Task<bool> IsRecordedAsync(HybridWorld world, string depositId)
    {
        using var client = Chain.Client();
        return await client.QueryValueAsync<IsDepositRecordedFunction, bool>(world.Trading,
            new IsDepositRecordedFunction { DepositRef = ChainIds.ToBytes32(Guid.Parse(depositId)) });
    }

    /// <summary>The operators' ledger check: every asset sums to zero and the journal agrees with every balance.</summary>
    private static async Task AssertBooksBalanceAsync(HybridWorld world)
    {
        var ops = await world.AuthAsync("ops", "operator");
        var check = await new OperatorService.OperatorServiceClient(world.Gateway.Channel).GetLedgerAsync(new GetLedgerRequest(), ops);
        Assert.True(check.Balanced, string.Join("; ", check.Differences));
        Assert.Empty(check.Differences);
        Assert.All(check.Totals, t => Assert.Equal(0L, t.Total));
    }
}
