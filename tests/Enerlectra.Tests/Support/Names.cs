namespace Enerlectra.Tests.Support;

/// <summary>Unique ids per test, so tests sharing one cluster never see each other's wallets, offers or markets.</summary>
public static class Names
{
    private static int _payer = 100;

    public static string User(string role) => $"{role}-{Guid.NewGuid():N}";

    /// <summary>
    /// The markets every test cluster is configured with besides "default" (markets exist only when configured);
    /// <see cref="Market"/> hands each test one of its own.
    /// </summary>
    public static TestMarkets Markets { get; } = TestMarkets.Create(48);

    public static string Market() => Markets.Take();

    /// <summary>
    /// A distinct MTN number whose last four digits pick the sandbox scenario ("0001" reject, "0003" lost request,
    /// "0004" stays pending, ...; "5000" plain approval). The middle digits make each number unique in the ledger.
    /// </summary>
    public static string Payer(string ending) => Phone("96", ending);

    /// <summary>As <see cref="Payer"/>, on the network of <paramref name="prefix"/> ("96" MTN, "97" Airtel, "95" Zamtel).</summary>
    public static string Phone(string prefix, string ending)
    {
        var middle = Interlocked.Increment(ref _payer) % 1000;
        return $"260{prefix}{middle:D3}{ending}";
    }
}
