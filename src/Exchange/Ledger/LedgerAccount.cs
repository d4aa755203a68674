namespace Enerlectra.Exchange.Ledger;

/// <summary>
/// An account of the double-entry ledger: a user's bucket ("user", id, "available"), the platform's ("platform",
/// "fees"), or the world outside the market ("external", "generation" / "clearing:mtn" / ...), whose balance is the
/// negative of what came in from it.
/// </summary>
public readonly record struct LedgerAccount(string Owner, string Id, string Bucket)
{
    public static LedgerAccount User(string userId, string bucket) => new("user", userId, bucket);

    public static LedgerAccount Platform(string bucket) => new("platform", "", bucket);

    public static LedgerAccount External(string bucket) => new("external", "", bucket);

    public override string ToString() => Owner == "user" ? $"user:{Id}:{Bucket}" : $"{Owner}:{Bucket}";
}

/// <summary>One side of a journal entry: this account's balance of this asset changes by <see cref="Amount"/>.</summary>
public readonly record struct Posting(LedgerAccount Account, Asset Asset, long Amount);
