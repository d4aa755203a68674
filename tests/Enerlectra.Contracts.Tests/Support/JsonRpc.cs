using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>A JSON-RPC error as the node returned it (raw, so revert data can be read whatever its shape).</summary>
public sealed class JsonRpcException(string method, JsonElement error)
    : Exception($"{method} failed: {error.GetRawText()}")
{
    public JsonElement Error { get; } = error.Clone();

    /// <summary>
    /// Revert data (0x...) if the error carries any. Hardhat puts it in error.data as a string, or in
    /// error.data.data next to a message; both are accepted so a node upgrade does not break decoding.
    /// </summary>
    public string? RevertData
    {
        get
        {
            if (!Error.TryGetProperty("data", out var data))
            {
                return null;
            }

            if (data.ValueKind == JsonValueKind.String)
            {
                return data.GetString();
            }

            return data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data", out var inner) &&
                   inner.ValueKind == JsonValueKind.String
                ? inner.GetString()
                : null;
        }
    }
}

/// <summary>
/// Raw JSON-RPC for the node's test methods (evm_snapshot, evm_revert, evm_increaseTime, evm_mine, ...) and for
/// eth_call when the exact error body is needed.
/// </summary>
public sealed class JsonRpc(string url) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _id;

    public async Task<JsonElement> CallAsync(string method, params object?[] parameters)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _id),
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters),
        };
        using var response = await _http.PostAsJsonAsync(url, request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (body.RootElement.TryGetProperty("error", out var error))
        {
            throw new JsonRpcException(method, error);
        }

        return body.RootElement.GetProperty("result").Clone();
    }

    public async Task<string> SnapshotAsync() => (await CallAsync("evm_snapshot")).GetString()!;

    public async Task RevertAsync(string snapshotId)
    {
        var reverted = await CallAsync("evm_revert", snapshotId);
        if (!reverted.GetBoolean())
        {
            throw new InvalidOperationException($"evm_revert({snapshotId}) returned false: the chain was not reset.");
        }
    }

    /// <summary>Moves the chain clock forward and mines a block so the new time is visible to calls.</summary>
    public async Task IncreaseTimeAsync(long seconds)
    {
        await CallAsync("evm_increaseTime", seconds);
        await CallAsync("evm_mine");
    }

    /// <summary>The timestamp the next mined block will have (then mined by the next transaction).</summary>
    public Task SetNextBlockTimestampAsync(long timestamp) => CallAsync("evm_setNextBlockTimestamp", timestamp);

    public async Task<long> LatestTimestampAsync()
    {
        var block = await CallAsync("eth_getBlockByNumber", "latest", false);
        return Convert.ToInt64(block.GetProperty("timestamp").GetString(), 16);
    }

    public async Task<string> GetCodeAsync(string address) => (await CallAsync("eth_getCode", address, "latest")).GetString()!;

    /// <summary>eth_call of raw calldata; returns the JSON-RPC error (with revert data) or null if it succeeded.</summary>
    public async Task<JsonRpcException?> TryCallAsync(string from, string to, string data)
    {
        try
        {
            await CallAsync("eth_call", new { from, to, data }, "latest");
            return null;
        }
        catch (JsonRpcException e)
        {
            return e;
        }
    }

    public void Dispose() => _http.Dispose();
}
