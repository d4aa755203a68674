namespace Enerlectra.Chain.Listening;

/// <summary>One transaction's EnergyTrading events, in log order. Hashes are lowercase 0x-hex.</summary>
public sealed record ChainTransaction(string TransactionHash, long BlockNumber, string BlockHash, IReadOnlyList<ChainEvent> Events)
{
    /// <summary>The stable id of one of this transaction's events (see <see cref="ChainEvent.IdIn"/>).</summary>
    public string IdOf(ChainEvent e) => e.IdIn(TransactionHash);
}
