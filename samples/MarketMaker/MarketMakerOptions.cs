namespace Enerlectra.MarketMaker;

/// <summary>
/// Everything the market maker can be told, bound from environment variables (<c>MARKETMAKER_</c> prefix) and the
/// command line (<see cref="CommandLineSettings"/>). Prices are ngwee per kWh, quantities Wh, money ngwee: integers,
/// as on the wire.
/// </summary>
public sealed class MarketMakerOptions
{
    /// <summary>The gateway's native gRPC (HTTP/2) address.</summary>
    public string Server { get; set; } = "http://127.0.0.1:5081";

    /// <summary>A bearer token for the bot's user. Either this or <see cref="DevUser"/>.</summary>
    public string? Token { get; set; }

    /// <summary>Development profile only: the user to mint a dev token for (and to fund with <see cref="Fund"/>).</summary>
    public string? DevUser { get; set; }

    /// <summary>The market to quote in.</summary>
    public string Market { get; set; } = "default";

    /// <summary>The fair price the quotes are centred on, before inventory skew.</summary>
    public long MidNgweePerKwh { get; set; } = 250;

    /// <summary>Distance between the best bid and the best ask, in basis points of the mid (200 = 2%).</summary>
    public int SpreadBasisPoints { get; set; } = 200;

    /// <summary>How much further out each deeper level is, in basis points of the mid.</summary>
    public int LevelStepBasisPoints { get; set; } = 100;

    /// <summary>Price levels quoted on each side.</summary>
    public int Levels { get; set; } = 3;

    /// <summary>Quantity of every quote.</summary>
    public long QuoteSizeWh { get; set; } = 1_000;

    /// <summary>
    /// Inventory skew: the mid moves against the bot's position by this many basis points per kWh it has bought
    /// (net) since it started, so a long bot sells cheaper and buys cheaper, and a short one the opposite. 0: none.
    /// </summary>
    public int SkewBasisPointsPerKwh { get; set; } = 10;

    /// <summary>The most the skew may move the mid, in basis points.</summary>
    public int MaxSkewBasisPoints { get; set; } = 500;

    /// <summary>
    /// Position limit: at this net long position (Wh bought minus sold) the bot stops bidding, at its negative stops
    /// offering. 0: no limit.
    /// </summary>
    public long MaxInventoryWh { get; set; }

    /// <summary>
    /// What a fill re-quotes: "filled-side" (cancel-replace the side that traded; the other keeps its prices) or
    /// "both-sides" (both move to the new skewed mid).
    /// </summary>
    public string Requote { get; set; } = "filled-side";

    /// <summary>Mass cancel the user's open orders in the market when a session starts (a previous run's leftovers).</summary>
    public bool CancelAllOnStart { get; set; } = true;

    /// <summary>Development profile only: top the bot's market balances up before quoting (see <see cref="AccountFunding"/>).</summary>
    public bool Fund { get; set; }

    /// <summary>With <see cref="Fund"/>: the money balance to top up to (default market) or deposit (other markets).</summary>
    public long FundNgwee { get; set; } = 100_000;

    /// <summary>With <see cref="Fund"/>: the energy to have in the market's trading account, at most 1,000,000 Wh.</summary>
    public long FundWh { get; set; } = 50_000;

    /// <summary>With <see cref="Fund"/>: the phone linked and verified when the user has none (the sandbox approves it).</summary>
    public string FundPhone { get; set; } = "+260961234567";

    /// <summary>First wait before reconnecting after a session ends unexpectedly; doubled up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long stopping waits for the server to confirm the mass cancel (cancel-on-disconnect is the backstop).</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The parsed <see cref="Requote"/>.</summary>
    public RequotePolicy RequotePolicy => Requote.ToLowerInvariant() switch
    {
        "both-sides" => RequotePolicy.BothSides,
        _ => RequotePolicy.FilledSide,
    };

    /// <summary>Every problem with these settings, each naming its command-line switch; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Check(Uri.TryCreate(Server, UriKind.Absolute, out var server) && server.Scheme is "http" or "https", "--server must be an http:// or https:// address.");
        Check(string.IsNullOrEmpty(Token) != string.IsNullOrEmpty(DevUser), "Give either --token or --dev-user.");
        Check(!Fund || !string.IsNullOrEmpty(DevUser), "--fund needs --dev-user (it uses Development-profile dev tokens).");
        Check(!string.IsNullOrWhiteSpace(Market), "--market must not be empty.");
        Check(MidNgweePerKwh is >= 1 and <= 100_000, "--mid must be 1-100000 ngwee per kWh.");
        Check(SpreadBasisPoints is >= 1 and < 10_000, "--spread-bps must be 1-9999.");
        Check(LevelStepBasisPoints is >= 0 and < 10_000, "--step-bps must be 0-9999.");
        Check(Levels is >= 1 and <= 50, "--levels must be 1-50.");
        Check(QuoteSizeWh is >= 1 and <= 10_000_000, "--size-wh must be 1-10000000.");
        Check(SkewBasisPointsPerKwh is >= 0 and <= 10_000, "--skew-bps-per-kwh must be 0-10000.");
        Check(MaxSkewBasisPoints is >= 0 and < 10_000, "--max-skew-bps must be 0-9999.");
        Check(MaxInventoryWh >= 0, "--max-inventory-wh must be 0 (no limit) or more.");
        Check(Requote.ToLowerInvariant() is "filled-side" or "both-sides", "--requote must be filled-side or both-sides.");
        Check(FundNgwee >= 0, "--fund-ngwee must be 0 or more.");
        Check(FundWh is >= 0 and <= 1_000_000, "--fund-wh must be 0-1000000 (one meter reading).");
        Check(ReconnectMinDelay > TimeSpan.Zero && ReconnectMaxDelay >= ReconnectMinDelay, "Reconnect delays must be positive, the maximum at least the minimum.");
        Check(StopTimeout > TimeSpan.Zero, "StopTimeout must be positive.");
        return problems;
    }
}
