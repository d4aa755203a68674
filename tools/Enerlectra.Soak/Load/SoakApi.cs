using System.Diagnostics;
using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Enerlectra.Soak.Load;

/// <summary>
/// The public gRPC API as the soak's households use it: one channel to the gateway (which reconnects by itself after
/// a gateway restart), dev tokens, and calls retried the way a careful client retries: on answers that do not say
/// what happened (unavailable, deadline, internal), with the same request (so the same idempotency key), until the
/// retry budget is spent.
/// </summary>
public sealed class SoakApi : IDisposable
{
    private static readonly StatusCode[] Retryable =
        [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Internal, StatusCode.Unknown, StatusCode.Aborted, StatusCode.ResourceExhausted, StatusCode.Cancelled];

    private readonly GrpcChannel _channel;
    private readonly RequestLog _log;
    private readonly TimeSpan _retryBudget;

    public SoakApi(Uri grpc, RequestLog log, TimeSpan retryBudget)
    {
        _channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(3) } });
        _log = log;
        _retryBudget = retryBudget;
        Auth = new AuthService.AuthServiceClient(_channel);
        Meters = new MeterService.MeterServiceClient(_channel);
        MeterRegistry = new MeterRegistryService.MeterRegistryServiceClient(_channel);
        Offers = new OfferService.OfferServiceClient(_channel);
        Trades = new TradeService.TradeServiceClient(_channel);
        Wallets = new WalletService.WalletServiceClient(_channel);
        Events = new MarketEventService.MarketEventServiceClient(_channel);
        Operator = new OperatorService.OperatorServiceClient(_channel);
    }

    /// <summary>The channel to the gateway's gRPC port, for services used only in one place.</summary>
    public GrpcChannel Channel => _channel;

    public AuthService.AuthServiceClient Auth { get; }

    public MeterService.MeterServiceClient Meters { get; }

    public MeterRegistryService.MeterRegistryServiceClient MeterRegistry { get; }

    public OfferService.OfferServiceClient Offers { get; }

    public TradeService.TradeServiceClient Trades { get; }

    public WalletService.WalletServiceClient Wallets { get; }

    public MarketEventService.MarketEventServiceClient Events { get; }

    public OperatorService.OperatorServiceClient Operator { get; }

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public async Task<string> TokenAsync(string subject, string? role, CancellationToken cancellationToken)
    {
        var request = new IssueDevTokenRequest { UserId = subject };
        if (role is not null)
        {
            request.Roles.Add(role);
        }

        var answer = await CallAsync("sign-in", o => Auth.IssueDevTokenAsync(request, o).ResponseAsync, cancellationToken);
        return answer.Value?.AccessToken ?? throw new InvalidOperationException($"No dev token for {subject}: {answer.Error?.Status}");
    }

    /// <summary>
    /// Registers a meter for a user, with a capacity far above what the soak reports, commissioned an hour ago, and
    /// returns the token the meter reports with.
    /// </summary>
    public async Task<string> RegisterMeterAsync(string operatorToken, string meterId, string userId, CancellationToken cancellationToken)
    {
        var request = new RegisterMeterRequest
        {
            MeterId = meterId,
            UserId = userId,
            CapacityW = 10_000_000,
            CommissionedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        };
        (await CallAsync("setup", o => MeterRegistry.RegisterMeterAsync(request, o).ResponseAsync, cancellationToken, Bearer(operatorToken))).Require("register meter " + meterId);
        return await TokenAsync(meterId, "meter", cancellationToken);
    }

    /// <summary>
    /// Calls until answered or the budget is spent, and logs the request under <paramref name="kind"/>. A definite
    /// refusal (any status but the retryable ones) is returned as such, not thrown.
    /// </summary>
    public async Task<CallResult<T>> CallAsync<T>(string kind, Func<CallOptions, Task<T>> call, CancellationToken cancellationToken, Metadata? headers = null, string? note = null)
        where T : class
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        RpcException? last = null;
        while (clock.Elapsed < _retryBudget && !cancellationToken.IsCancellationRequested)
        {
            attempts++;
            try
            {
                var value = await call(new CallOptions(headers, DateTime.UtcNow.AddSeconds(15), cancellationToken));
                _log.Add(new RequestRecord(kind, started, clock.Elapsed, RequestOutcome.Acknowledged, attempts, Note: note));
                return new CallResult<T>(value, null);
            }
            catch (RpcException ex) when (Retryable.Contains(ex.StatusCode) && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * attempts)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (RpcException ex) when (!Retryable.Contains(ex.StatusCode))
            {
                _log.Add(new RequestRecord(kind, started, clock.Elapsed, RequestOutcome.Refused, attempts, $"{ex.StatusCode}: {ex.Status.Detail}", note));
                return new CallResult<T>(null, ex);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is RpcException or OperationCanceledException)
            {
                // The soak is stopping: this request ends unanswered.
                break;
            }
        }

        _log.Add(new RequestRecord(kind, started, clock.Elapsed, RequestOutcome.Unanswered, attempts, Note: note));
        return new CallResult<T>(null, last ?? new RpcException(new Status(StatusCode.Cancelled, "The soak stopped before an answer.")), Unanswered: true);
    }

    public void Dispose() => _channel.Dispose();
}

/// <summary>The answer (<see cref="Value"/>), or the refusal or last error when there is none (<see cref="Unanswered"/>: no answer at all).</summary>
public sealed record CallResult<T>(T? Value, RpcException? Error, bool Unanswered = false)
    where T : class
{
    public bool Acknowledged => Value is not null;

    /// <summary>The answer of a call the soak cannot go on without (setting up), or an exception saying what failed.</summary>
    public T Require(string what) => Value ?? throw new InvalidOperationException($"Setting up the soak: could not {what}: {Error?.Status}");
}
