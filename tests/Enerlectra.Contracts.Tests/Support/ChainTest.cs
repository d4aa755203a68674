using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>
/// Base of every chain test: runs inside an evm_snapshot taken before the test and reverted after it, with fresh
/// accounts (and so fresh nonce caches) per test, on the contracts the fixture deployed.
/// </summary>
[Collection(ChainCollection.Name)]
public abstract class ChainTest(ChainFixture chain) : IAsyncLifetime
{
    /// <summary>The platform fee a fresh deployment starts with (0.25%).</summary>
    protected const int DefaultFeeBps = 25;

    protected const long Day = 24 * 60 * 60;

    private readonly AccountPool _pool = new();
    private string? _snapshot;

    protected ChainFixture Chain { get; } = chain;

    protected JsonRpc Rpc => Chain.Rpc;

    protected static string Admin => DevAccounts.AddressOf(DevAccounts.Admin);
    protected static string Operator => DevAccounts.AddressOf(DevAccounts.Operator);
    protected static string FeeRecipient => DevAccounts.AddressOf(DevAccounts.FeeRecipient);
    protected static string Seller => DevAccounts.AddressOf(DevAccounts.Seller);
    protected static string Seller2 => DevAccounts.AddressOf(DevAccounts.Seller2);
    protected static string Buyer => DevAccounts.AddressOf(DevAccounts.Buyer);
    protected static string Buyer2 => DevAccounts.AddressOf(DevAccounts.Buyer2);
    protected static string Stranger => DevAccounts.AddressOf(DevAccounts.Stranger);

    protected string TradingAddress => Chain.TradingAddress;

    public async Task InitializeAsync() => _snapshot = await Rpc.SnapshotAsync();

    public async Task DisposeAsync()
    {
        if (_snapshot is not null)
        {
            await Rpc.RevertAsync(_snapshot);
        }
    }

    protected ContractClient Trading(string privateKey) => Chain.Client(_pool, privateKey, Chain.Trading, Chain.TradingAddress);

    protected ContractClient Energy(string privateKey) => Chain.Client(_pool, privateKey, Chain.EnergyToken, Chain.EnergyTokenAddress);

    protected ContractClient Money(string privateKey) => Chain.Client(_pool, privateKey, Chain.PaymentToken, Chain.PaymentTokenAddress);

    protected Task<BigInteger> EnergyOfAsync(string address) => Energy(DevAccounts.Stranger).CallAsync<BigInteger>("balanceOf", address);

    protected Task<BigInteger> MoneyOfAsync(string address) => Money(DevAccounts.Stranger).CallAsync<BigInteger>("balanceOf", address);

    protected async Task<OfferData> GetOfferAsync(BigInteger offerId) =>
        (await Trading(DevAccounts.Stranger).CallDtoAsync<GetOfferOutput>("getOffer", offerId)).Offer;

    /// <summary>An expiry <paramref name="seconds"/> after the chain's latest block (the next block is a second or so later).</summary>
    protected async Task<BigInteger> ExpiryInAsync(long seconds) => await Rpc.LatestTimestampAsync() + seconds;

    protected async Task<BigInteger> CreateOfferAsync(
        string sellerKey, BigInteger energyWh, BigInteger pricePerKwh, bool acceptMobileMoney = true, long lifetimeSeconds = Day)
    {
        var receipt = await Trading(sellerKey).SendAsync(
            "createEnergyOffer", energyWh, pricePerKwh, await ExpiryInAsync(lifetimeSeconds), acceptMobileMoney);
        return Assert.Single(EventsOf<EnergyOfferCreatedEvent>(receipt, TradingAddress)).OfferId;
    }

    /// <summary>The events of one type a receipt holds, emitted by <paramref name="address"/> only.</summary>
    protected static List<T> EventsOf<T>(TransactionReceipt receipt, string address) where T : IEventDTO, new() =>
        receipt.DecodeAllEvents<T>()
            .Where(e => string.Equals(e.Log.Address, address, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Event)
            .ToList();

    /// <summary>
    /// The reference price model, written independently of the contract (and equal to the server's
    /// TradePricing.Price): total = ceil(Wh * price / 1000), fee = ceil(total * bps / 10000), seller = the rest.
    /// </summary>
    protected static (BigInteger Total, BigInteger Fee, BigInteger Seller) ExpectedPrice(BigInteger energyWh, BigInteger pricePerKwh, int feeBps = DefaultFeeBps)
    {
        var total = BigInteger.DivRem(energyWh * pricePerKwh, 1000, out var rest) + (rest.IsZero ? 0 : 1);
        var fee = BigInteger.DivRem(total * feeBps, 10_000, out var feeRest) + (feeRest.IsZero ? 0 : 1);
        return (total, fee, total - fee);
    }

    protected static void AssertAddress(string expected, object? actual) =>
        Assert.Equal(expected.ToLowerInvariant(), actual?.ToString()?.ToLowerInvariant());

    protected static void AssertError(DecodedError error, string name, params object[] args)
    {
        Assert.Equal(name, error.Name);
        Assert.Equal(args.Length, error.Args.Count);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case string s when s.StartsWith("0x", StringComparison.Ordinal) && s.Length == 42:
                    AssertAddress(s, error.Args[i]);
                    break;
                case int or long or byte or BigInteger:
                    // Numbers compare by value whatever width the decoder chose (uint8 and uint256 alike).
                    Assert.Equal(ToBigInteger(args[i]), ToBigInteger(error.Args[i]));
                    break;
                case byte[] bytes:
                    Assert.Equal(bytes, (byte[])error.Args[i]);
                    break;
                default:
                    Assert.Equal(args[i], error.Args[i]);
                    break;
            }
        }
    }

    private static BigInteger ToBigInteger(object value) => value switch
    {
        BigInteger b => b,
        byte n => n,
        int n => n,
        long n => n,
        _ => throw new InvalidOperationException($"Not a number: {value} ({value.GetType().Name})"),
    };
}
