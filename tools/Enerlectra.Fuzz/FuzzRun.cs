using System.Diagnostics;
using System.Net;
using Grpc.Net.Client;

namespace Enerlectra.Fuzz;

/// <summary>
/// One fuzzing run: set up the seeded state, snapshot it, send the hostile requests (a bounded number in flight),
/// judge each answer, then check the server still answers and the snapshot is unchanged.
/// </summary>
public static class FuzzRun
{
    /// <summary>How long a unary call may take; a stream the fuzzer opened with valid input just stays open, so it is cut sooner.</summary>
    private static readonly TimeSpan UnaryLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StreamLimit = TimeSpan.FromSeconds(2);

    public static async Task<FuzzReport> RunAsync(FuzzOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        using var channel = GrpcChannel.ForAddress(options.Grpc);
        log.WriteLine($"Setting up the state to protect on {options.Http} / {options.Grpc} ...");
        var seed = await SeedSetup.RunAsync(options, channel, cancellationToken);
        var before = await StateSnapshot.TakeAsync(channel, seed, options.MarketId, cancellationToken);

        var methods = RouteCatalog.Load();
        var streaming = methods.Where(m => m.IsStreaming).Select(m => m.GrpcPath).Concat(methods.Where(m => m.IsStreaming && m.HasRoute).Select(m => m.PathTemplate!.Split('{')[0]))
            .ToHashSet(StringComparer.Ordinal);
        var generator = new CaseGenerator(options, seed, methods);
        var report = new FuzzReport { Seed = options.Seed };
        using var http1 = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = options.Http, Timeout = Timeout.InfiniteTimeSpan };
        using var http2 = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, EnableMultipleHttp2Connections = true })
        {
            BaseAddress = options.Grpc,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        log.WriteLine($"Sending {options.Requests} hostile requests (seed {options.Seed}, {options.Concurrency} at a time) ...");
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < options.Requests)
            {
                var fuzzCase = generator.Case(index);
                await SendAsync(fuzzCase, fuzzCase.Transport == Transport.Grpc ? http2 : http1, streaming, report, cancellationToken);
            }
        });
        await Task.WhenAll(workers);
        report.Elapsed = clock.Elapsed;

        report.Alive = await AliveAsync(http1, cancellationToken);
        var after = await StateSnapshot.TakeAsync(channel, seed, options.MarketId, cancellationToken);
        report.StateDifferences = StateSnapshot.Differences(before, after);
        return report;
    }

    private static async Task SendAsync(FuzzCase fuzzCase, HttpClient client, IReadOnlySet<string> streaming, FuzzReport report, CancellationToken cancellationToken)
    {
        using var request = fuzzCase.Build();
        var described = $"{request.Method} {request.RequestUri}";
        var isStream = streaming.Any(s => request.RequestUri!.OriginalString.StartsWith(s, StringComparison.Ordinal));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(isStream ? StreamLimit : UnaryLimit);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var verdict = await ResponseJudge.JudgeAsync(fuzzCase, response, limit.Token);
            report.Record(fuzzCase, verdict.Outcome, verdict.Finding is { } problem ? new Finding(fuzzCase.Index, fuzzCase.Kind, problem, described, verdict.Detail) : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A stream the fuzzer opened with acceptable input keeps going: cutting it is the fuzzer's doing. A unary
            // call that takes this long is a finding.
            report.Record(fuzzCase, "cut off", isStream ? null : new Finding(fuzzCase.Index, fuzzCase.Kind, "no answer", described, $"nothing within {UnaryLimit.TotalSeconds} s"), timedOut: true);
        }
        catch (HttpRequestException)
        {
            // The server closed this request (e.g. reset a malformed HTTP/2 stream or refused a body mid-upload); it
            // did not answer it, but did not fail either. Whether it is still up is checked at the end.
            report.Record(fuzzCase, "closed", null, reset: true);
        }
    }

    private static async Task<bool> AliveAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync("/health", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
