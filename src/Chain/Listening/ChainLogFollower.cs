using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.RPC.Eth.DTOs;

namespace Enerlectra.Chain.Listening;

/// <summary>
/// Reads EnergyTrading's logs block range by block range, <see cref="Confirmations"/> deep, grouped by transaction,
/// and notices reorganisations by comparing the hashes of blocks it processed with the node's. Stateless: everything
/// it needs is in the <see cref="FollowerCheckpoint"/> the caller stores and passes back, so one instance can serve
/// any number of callers, and a restart resumes exactly where the stored checkpoint says.
/// </summary>
/// <remarks>
/// The caller (the chain-listener grain) calls <see cref="NextAsync"/> in a loop: on <see cref="Advanced"/> it applies
/// the transactions and stores the new checkpoint; on <see cref="Reorganised"/> it undoes what it applied from the
/// blocks above the rewound checkpoint, stores it and calls again; on <see cref="UpToDate"/> it waits a block time.
/// Failures of the node come out as <see cref="ChainUnavailableException"/> (or the node's JSON-RPC error) with
/// nothing to apply.
/// </remarks>
public sealed class ChainLogFollower
{
    private const int ParallelBlockReads = 16;

    private readonly ChainClient _client;
    private readonly ILogger _logger;

    public ChainLogFollower(ChainClient client, string contractAddress, int confirmations, int maxBlocksPerStep = 2000, int recentWindow = 64,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(contractAddress);
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocksPerStep, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(recentWindow, 1);
        _client = client;
        ContractAddress = contractAddress;
        Confirmations = confirmations;
        MaxBlocksPerStep = maxBlocksPerStep;
        RecentWindow = recentWindow;
        _logger = logger ?? NullLogger.Instance;
    }

    public string ContractAddress { get; }

    /// <summary>Blocks a log's block needs on top of it, itself included, before it is returned (1 = mined).</summary>
    public int Confirmations { get; }

    public int MaxBlocksPerStep { get; }

    /// <summary>How many recently processed blocks a checkpoint remembers: the deepest reorg found exactly.</summary>
    public int RecentWindow { get; }

    public async Task<FollowStep> NextAsync(FollowerCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var head = await _client.GetHeadBlockAsync(cancellationToken);

        // 1. Is the last processed block still on the chain? If not, find where the chains part.
        if (checkpoint.BlockHash is not null && !await StillOnChainAsync(checkpoint.BlockNumber, checkpoint.BlockHash, cancellationToken))
        {
            return new Reorganised(await CommonAncestorAsync(checkpoint, cancellationToken), head);
        }

        var target = head - (Confirmations - 1);
        if (target <= checkpoint.BlockNumber)
        {
            return new UpToDate(checkpoint, head);
        }

        var from = checkpoint.BlockNumber + 1;
        var to = Math.Min(target, from + MaxBlocksPerStep - 1);

        // 2. Read the range consistently: the hash of `to` before and after the logs must agree (a reorg in between
        // could otherwise hide logs of the new branch in blocks the old branch had none in), every log's block hash
        // must be the hash of its block, and the checkpoint's block must still be the parent of it all.
        if (await _client.GetBlockRefAsync(to, cancellationToken) is not { } anchor)
        {
            return Moved(checkpoint, head, $"block {to} is gone");
        }

        var logs = await _client.GetLogsAsync(ContractAddress, from, to, cancellationToken);
        var refs = await ReadRefsAsync(Math.Max(from, to - RecentWindow + 1), to, cancellationToken);
        if (refs is null || !SameHash(refs[^1].Hash, anchor.Hash))
        {
            return Moved(checkpoint, head, $"block {to} changed while its range was read");
        }

        if (checkpoint.BlockHash is not null && !await StillOnChainAsync(checkpoint.BlockNumber, checkpoint.BlockHash, cancellationToken))
        {
            return Moved(checkpoint, head, $"block {checkpoint.BlockNumber} changed while the range above it was read");
        }

        var known = refs.ToDictionary(r => r.Number, r => r.Hash);
        foreach (var log in logs)
        {
            if (log.Removed)
            {
                continue;
            }

            var number = (long)log.BlockNumber.Value;
            if (number < from || number > to)
            {
                return Moved(checkpoint, head, $"the node returned a log of block {number} for [{from}, {to}]");
            }

            if (known.TryGetValue(number, out var hash) && !SameHash(hash, log.BlockHash))
            {
                return Moved(checkpoint, head, $"a log of block {number} has block hash {log.BlockHash}, the block {hash}");
            }
        }

        var recent = checkpoint.Recent.Where(r => r.Number < from).Concat(refs).TakeLast(RecentWindow).ToList();
        return new Advanced(Group(logs), new FollowerCheckpoint(to, refs[^1].Hash, recent), head);
    }

    /// <summary>
    /// The logs' events by transaction, in (block, log index) order. An event's IndexInTransaction is its log's
    /// position among the transaction's logs in <paramref name="logs"/> (all from one contract), decoded or not.
    /// Transactions without a known event are left out; removed logs are ignored.
    /// </summary>
    public static IReadOnlyList<ChainTransaction> Group(IEnumerable<FilterLog> logs)
    {
        var ordered = logs
            .Where(l => !l.Removed)
            .OrderBy(l => l.BlockNumber.Value)
            .ThenBy(l => l.LogIndex.Value);
        var transactions = new List<ChainTransaction>();
        var open = new Dictionary<string, (long Block, string BlockHash, int Count, List<ChainEvent> Events)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var log in ordered)
        {
            var tx = log.TransactionHash.ToLowerInvariant();
            if (!open.TryGetValue(tx, out var entry))
            {
                entry = ((long)log.BlockNumber.Value, log.BlockHash.ToLowerInvariant(), 0, []);
                order.Add(tx);
            }

            if (ChainEventDecoder.Decode(log, entry.Count) is { } decoded)
            {
                entry.Events.Add(decoded);
            }

            open[tx] = entry with { Count = entry.Count + 1 };
        }

        foreach (var tx in order)
        {
            var entry = open[tx];
            if (entry.Events.Count > 0)
            {
                transactions.Add(new ChainTransaction(tx, entry.Block, entry.BlockHash, entry.Events));
            }
        }

        return transactions;
    }

    private async Task<bool> StillOnChainAsync(long number, string hash, CancellationToken cancellationToken) =>
        await _client.GetBlockRefAsync(number, cancellationToken) is { } block && SameHash(block.Hash, hash);

    /// <summary>The newest remembered block the node still has; failing that, just below the oldest one, without a hash.</summary>
    private async Task<FollowerCheckpoint> CommonAncestorAsync(FollowerCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var recent = checkpoint.Recent;
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var entry = recent[i];
            if (entry.Number >= checkpoint.BlockNumber && SameHash(entry.Hash, checkpoint.BlockHash))
            {
                continue;   // the checkpoint's own block: already known to be replaced
            }

            if (await StillOnChainAsync(entry.Number, entry.Hash, cancellationToken))
            {
                _logger.LogInformation("Reorganisation: block {Replaced} ({Hash}) was replaced; back to block {Ancestor}",
                    checkpoint.BlockNumber, checkpoint.BlockHash, entry.Number);
                return new FollowerCheckpoint(entry.Number, entry.Hash, recent.Take(i + 1).ToList());
            }
        }

        var rewind = (recent.Count > 0 ? recent[0].Number : checkpoint.BlockNumber) - 1;
        _logger.LogWarning(
            "Reorganisation deeper than the {Window} remembered blocks: block {Replaced} ({Hash}) and every remembered block were replaced; " +
            "back to block {Rewind}, whose hash is unknown (anything applied from blocks at or below it is not undone)",
            RecentWindow, checkpoint.BlockNumber, checkpoint.BlockHash, rewind);
        return new FollowerCheckpoint(rewind, null, []);
    }

    /// <summary>The refs of blocks [from, to], ascending; null if one of them is gone (the chain got shorter meanwhile).</summary>
    private async Task<List<BlockRef>?> ReadRefsAsync(long from, long to, CancellationToken cancellationToken)
    {
        var refs = new List<BlockRef>((int)(to - from + 1));
        for (var start = from; start <= to; start += ParallelBlockReads)
        {
            var end = Math.Min(to, start + ParallelBlockReads - 1);
            var batch = await Task.WhenAll(Enumerable.Range(0, (int)(end - start + 1))
                .Select(i => _client.GetBlockRefAsync(start + i, cancellationToken)));
            foreach (var block in batch)
            {
                if (block is null)
                {
                    return null;
                }

                refs.Add(block with { Hash = block.Hash.ToLowerInvariant() });
            }
        }

        return refs;
    }

    private UpToDate Moved(FollowerCheckpoint checkpoint, long head, string why)
    {
        _logger.LogDebug("The chain moved while reading past block {Block} ({Why}); nothing applied, retrying on the next step", checkpoint.BlockNumber, why);
        return new UpToDate(checkpoint, head);
    }

    private static bool SameHash(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
