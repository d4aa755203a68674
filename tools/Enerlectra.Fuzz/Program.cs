using Enerlectra.Fuzz;

// The protocol fuzzer (issue 11). Usage, against the default run (`dotnet run --project src/Gateway`):
//   dotnet run --project tools/Enerlectra.Fuzz -- [--requests 10000] [--seed 1] [--concurrency 8]
//     [--http http://127.0.0.1:5080] [--grpc http://127.0.0.1:5081] [--signing-key <base64>] [--market default]
// It needs a Development-profile server (dev tokens and the sandbox set up the state it then proves untouched).
// Exit code 0 when it passed, 1 when it found something, 2 on bad arguments.
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"Unexpected argument '{args[i]}'. Options: --requests N --seed N --concurrency N --http URL --grpc URL --signing-key KEY --market ID");
        return 2;
    }

    settings[args[i][2..]] = args[++i];
}

int Number(string name, int fallback) => settings.TryGetValue(name, out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

var options = new FuzzOptions
{
    Http = new Uri(settings.GetValueOrDefault("http", "http://127.0.0.1:5080")),
    Grpc = new Uri(settings.GetValueOrDefault("grpc", "http://127.0.0.1:5081")),
    Requests = Number("requests", 10_000),
    Seed = Number("seed", 1),
    Concurrency = Number("concurrency", 8),
    // The Development profile's published key: lets the fuzzer also send expired and wrong-issuer tokens signed with it.
    SigningKey = settings.GetValueOrDefault("signing-key", "ZW5lcmxlY3RyYS1kZXZlbG9wbWVudC1zaWduaW5nLWs="),
    MarketId = settings.GetValueOrDefault("market", "default"),
};

var report = await FuzzRun.RunAsync(options, Console.Out);
Console.WriteLine(report);
return report.Passed ? 0 : 1;
