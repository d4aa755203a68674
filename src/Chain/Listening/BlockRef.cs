namespace Enerlectra.Chain.Listening;

/// <summary>A block by number and hash (0x-prefixed hex, as the node reports it).</summary>
public sealed record BlockRef(long Number, string Hash);
