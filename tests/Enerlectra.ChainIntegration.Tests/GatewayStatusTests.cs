using System.Text.Json;
using Enerlectra.ChainIntegration.Tests.Support;

namespace Enerlectra.ChainIntegration.Tests;

public sealed class GatewayStatusTests(DeployedChain chain) : ChainTestBase(chain)
{
    [Fact]
    public async Task Status_route_reports_the_real_chain_and_keeps_the_payments_summary()
    {
        var gateway = await Chain.GatewayAsync();
        var before = await TestChain.HeadAsync();
        using var response = await gateway.Http.GetAsync("/api/blockchain/status");
        var after = await TestChain.HeadAsync();
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;

        Assert.True(root.GetProperty("success").GetBoolean());
        var data = root.GetProperty("data");
        Assert.Equal("enerlectra-blockchain", data.GetProperty("service").GetString());
        Assert.Equal("healthy", data.GetProperty("status").GetString());
        var info = data.GetProperty("blockchain");
        Assert.True(info.GetProperty("isInitialized").GetBoolean());
        Assert.Equal("hardhat", info.GetProperty("network").GetString());
        Assert.InRange(info.GetProperty("blockNumber").GetInt64(), before, after);
        Assert.Equal(info.GetProperty("blockNumber").GetInt64(), info.GetProperty("headBlock").GetInt64());
        Assert.Equal(TestChain.ChainId, info.GetProperty("chainId").GetInt64());
        Assert.True(info.GetProperty("contractsDeployed").GetBoolean());
        Assert.True(data.TryGetProperty("timestamp", out _));
        Assert.Contains("block", data.GetProperty("message").GetString());
        Assert.Equal(0, data.GetProperty("payments").GetProperty("unresolved").GetInt32());
    }

    [Fact]
    public async Task Status_follows_the_head_as_blocks_are_mined()
    {
        var gateway = await Chain.GatewayAsync();
        await TestChain.Web3().Client.SendRequestAsync<string>(new Nethereum.JsonRpc.Client.RpcRequest(1, "evm_mine"));
        var head = await TestChain.HeadAsync();
        using var body = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/blockchain/health"));
        Assert.True(body.RootElement.GetProperty("data").GetProperty("blockchain").GetProperty("blockNumber").GetInt64() >= head);
    }

    [Fact]
    public async Task Health_endpoint_is_healthy_with_the_chain_up()
    {
        var gateway = await Chain.GatewayAsync();
        var head = await TestChain.HeadAsync();
        using var response = await gateway.Http.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var chainCheck = body.RootElement.GetProperty("checks").GetProperty("chain");
        Assert.Equal("Healthy", chainCheck.GetProperty("status").GetString());
        var data = chainCheck.GetProperty("data");
        Assert.Equal(TestChain.ChainId, data.GetProperty("chainId").GetInt64());
        Assert.True(data.GetProperty("headBlock").GetInt64() >= head);
        Assert.True(data.GetProperty("lastProcessedBlock").GetInt64() >= -1);
        Assert.True(data.GetProperty("lagBlocks").GetInt64() >= 0);
        Assert.Equal(0, data.GetProperty("pendingMirrorJobs").GetInt32());
        Assert.True(data.GetProperty("walletPayments").GetBoolean());
    }
}
