using Microsoft.Extensions.Configuration;

namespace Enerlectra.MarketMaker;

/// <summary>
/// Binds <see cref="MarketMakerOptions"/> from <c>MARKETMAKER_*</c> environment variables and then the command line,
/// with the configuration providers the server uses too, so no command-line library is needed.
/// </summary>
public static class CommandLineSettings
{
    /// <summary>Switch → options property.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--server"] = nameof(MarketMakerOptions.Server),
        ["--token"] = nameof(MarketMakerOptions.Token),
        ["--dev-user"] = nameof(MarketMakerOptions.DevUser),
        ["--market"] = nameof(MarketMakerOptions.Market),
        ["--mid"] = nameof(MarketMakerOptions.MidNgweePerKwh),
        ["--spread-bps"] = nameof(MarketMakerOptions.SpreadBasisPoints),
        ["--step-bps"] = nameof(MarketMakerOptions.LevelStepBasisPoints),
        ["--levels"] = nameof(MarketMakerOptions.Levels),
        ["--size-wh"] = nameof(MarketMakerOptions.QuoteSizeWh),
        ["--skew-bps-per-kwh"] = nameof(MarketMakerOptions.SkewBasisPointsPerKwh),
        ["--max-skew-bps"] = nameof(MarketMakerOptions.MaxSkewBasisPoints),
        ["--max-inventory-wh"] = nameof(MarketMakerOptions.MaxInventoryWh),
        ["--requote"] = nameof(MarketMakerOptions.Requote),
        ["--cancel-all-on-start"] = nameof(MarketMakerOptions.CancelAllOnStart),
        ["--fund"] = nameof(MarketMakerOptions.Fund),
        ["--fund-ngwee"] = nameof(MarketMakerOptions.FundNgwee),
        ["--fund-wh"] = nameof(MarketMakerOptions.FundWh),
        ["--fund-phone"] = nameof(MarketMakerOptions.FundPhone),
    };

    /// <summary>Switches that may stand alone, meaning true ("--fund"); "--fund=false" turns them off.</summary>
    private static readonly HashSet<string> Flags = ["--fund", "--cancel-all-on-start"];

    public const string Usage = """
        Enerlectra sample market maker: quotes both sides of a market over the order session.

          --server URL             gRPC address (default http://127.0.0.1:5081)
          --token JWT | --dev-user ID
                                   the bot's bearer token, or (Development profile) a user to mint a dev token for
          --fund                   Development profile: deposit money and meter energy into the market first
          --fund-ngwee N           money to top up to (default 100000 = ZMW 1,000)
          --fund-wh N              energy to top up to in the market (default 50000)
          --fund-phone NUMBER      phone to verify when the user has none (default +260961234567)
          --market ID              market (default "default")
          --mid N                  mid price, ngwee per kWh (default 250)
          --spread-bps N           best bid to best ask, basis points of the mid (default 200)
          --step-bps N             extra distance per deeper level (default 100)
          --levels N               levels per side (default 3)
          --size-wh N              quantity per quote (default 1000)
          --skew-bps-per-kwh N     mid moves this much against the net position per kWh (default 10)
          --max-skew-bps N         cap on that move (default 500)
          --max-inventory-wh N     stop bidding (offering) beyond this net long (short) position; 0: no limit
          --requote filled-side|both-sides
                                   what a fill re-quotes (default filled-side)
          --cancel-all-on-start=false
                                   keep the user's other open orders in the market when a session starts

        Ctrl+C cancels every open order of the bot in the market and exits.
        """;

    /// <summary>
    /// The options, or the problems with the arguments (unknown switches, unparsable numbers, invalid values).
    /// </summary>
    public static (MarketMakerOptions? Options, IReadOnlyList<string> Problems) Parse(string[] args)
    {
        var problems = new List<string>();
        var normalised = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!Switches.ContainsKey(name))
            {
                problems.Add($"Unknown argument '{arg}'.");
                continue;
            }

            // The configuration provider would take the next switch as this one's value.
            var standsAlone = !arg.Contains('=') && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal));
            if (standsAlone && Flags.Contains(name))
            {
                normalised.Add(name + "=true");
            }
            else if (standsAlone)
            {
                problems.Add($"{name} needs a value.");
            }
            else
            {
                normalised.Add(arg);
                if (!arg.Contains('='))
                {
                    normalised.Add(args[++i]);
                }
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("MARKETMAKER_")
            .AddCommandLine([.. normalised], Switches.ToDictionary(s => s.Key, s => s.Value))
            .Build();
        var options = new MarketMakerOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the property and the value it could not convert.
            return (null, [ex.Message]);
        }

        return (options, options.Validate());
    }
}
