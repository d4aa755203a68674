namespace Enerlectra.Exchange.Ledger;

/// <summary>The ledger's bucket names, one per balance a market keeps.</summary>
public static class Buckets
{
    public const string Available = "available";
    public const string Reserved = "reserved";
    public const string Withdrawing = "withdrawing";
    public const string Earnings = "earnings";
    public const string PayingOut = "paying_out";
    public const string Fees = "fees";
    public const string Rounding = "rounding";
    public const string Generation = "generation";

    /// <summary>Energy of household purchases, delivered to the buyers' wallets (outside the market).</summary>
    public const string Wallets = "wallets";

    /// <summary>What a user owes the market (a reversed deposit they had already spent): a receivable, so negative.</summary>
    public const string Owed = "owed";

    public static string Clearing(string channel) => "clearing:" + channel;
}
