namespace Enerlectra.Soak.Load;

/// <summary>
/// A soak participant: user id, token, verified phone, the provider and sandbox scenario its number picks, and for
/// those who pay from their own wallet on the chain, its key and address.
/// </summary>
public sealed record Household(string UserId, string Token, string Phone, string Provider, string Scenario, string? WalletKey = null, string? WalletAddress = null)
{
    public bool PaysFromWallet => WalletKey is not null;
}

/// <summary>
/// Phone numbers for the soak's households. The sandbox decides each payment's fate by the number's last four digits
/// (src/Sandbox/README.md): the mix below covers approvals, declines, expiry, lost first arrivals, payments left
/// pending until the payer approves, 503s, duplicate, missing, late and badly signed callbacks, and slow answers.
/// </summary>
public static class SoakPhones
{
    /// <summary>Endings per provider for buyers, cycled; "ok" is an ordinary approving number.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> BuyerScenarios = new Dictionary<string, string[]>
    {
        ["mtn"] = ["ok", "0001", "0004", "0006", "0011", "0007"],
        ["airtel"] = ["ok", "0002", "0005", "0012", "0013", "0008"],
        ["zamtel"] = ["ok", "0003", "0004", "0006", "0007", "0010"],
    };

    /// <summary>Endings for sellers (who are paid out): mostly ordinary, plus 503s and missing callbacks.</summary>
    public static readonly string[] SellerScenarios = ["ok", "ok", "0005", "ok", "0007", "ok"];

    public static readonly string[] Providers = ["mtn", "airtel", "zamtel"];

    public static string Number(string provider, string scenario, Random random)
    {
        var prefix = provider switch { "mtn" => "96", "airtel" => "97", _ => "95" };
        // Ordinary numbers end in 5000-9999, clear of every scenario ending (0001-0023).
        var ending = scenario == "ok" ? random.Next(5_000, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : scenario;
        return $"+260{prefix}{random.Next(100, 1_000)}{ending}";
    }
}
