using System.Runtime.InteropServices;
using Enerlectra.Api.V1;
using Enerlectra.MarketMaker;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

// The sample market maker: parse the options, optionally fund the bot (Development profile), quote until Ctrl+C.
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(CommandLineSettings.Usage);
    return 0;
}

var (options, problems) = CommandLineSettings.Parse(args);
if (options is null || problems.Count > 0)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine(problem);
    }

    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "HH:mm:ss ";
    })
    .SetMinimumLevel(LogLevel.Information));
var logger = loggerFactory.CreateLogger("MarketMaker");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Not the default (kill the process at once): the bot still has to cancel its quotes.
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

using var channel = GrpcChannel.ForAddress(options.Server);
Func<CancellationToken, Task<string>> accessToken = string.IsNullOrEmpty(options.Token)
    ? ct => new DevTokens(new AuthService.AuthServiceClient(channel)).IssueAsync(options.DevUser!, ct)
    : _ => Task.FromResult(options.Token);
try
{
    if (options.Fund)
    {
        await new AccountFunding(channel, logger).FundAsync(options.DevUser!, options, stop.Token);
    }

    var quoter = new Quoter(options);
    var bestBid = quoter.Quotes(QuoteSide.Buy, 0).FirstOrDefault()?.PriceNgweePerKwh;
    var bestAsk = quoter.Quotes(QuoteSide.Sell, 0).FirstOrDefault()?.PriceNgweePerKwh;
    logger.LogInformation(
        "Quoting {Levels} levels of {Size} Wh a side in market {Market} on {Server}: best bid {Bid}, best ask {Ask} ngwee/kWh (mid {Mid}); re-quote {Policy}. Ctrl+C stops.",
        options.Levels, options.QuoteSizeWh, options.Market, options.Server, bestBid, bestAsk, options.MidNgweePerKwh, options.Requote);
    var maker = new MarketMaker(new OrderService.OrderServiceClient(channel), accessToken, options, logger);
    await maker.RunAsync(stop.Token);
    logger.LogInformation("Stopped; position {Position} Wh", maker.InventoryWh);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    logger.LogInformation("Stopped before quoting");
    return 0;
}
catch (RpcException ex)
{
    logger.LogError("The server answered {Status}: {Detail}", ex.StatusCode, ex.Status.Detail);
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
{
    logger.LogError("{Message}", ex.Message);
    return 1;
}
