using System.Text.Json;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Gateway.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>
/// The soak with faults found the gateway answering UNKNOWN (gRPC) and 500 (a provider callback) while a silo died or
/// PostgreSQL restarted. Such failures say nothing about the request: they must be UNAVAILABLE / 503, retryable.
/// </summary>
public sealed class TransientFailureTests
{
    public static TheoryData<Exception> Transient() =>
    [
        new OrleansException("Exception while sending message: unable to connect to endpoint S127.0.0.1:21107"),
        new SiloUnavailableException("The target silo became unavailable"),
        new TimeoutException("Response did not arrive on time"),
        new CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException."),
        new InvalidOperationException("wrapped", new SiloUnavailableException("rejected")),
    ];

    [Theory]
    [MemberData(nameof(Transient))]
    public void Cluster_and_database_failures_are_transient(Exception exception) => Assert.True(TransientFailure.Is(exception));

    [Fact]
    public void Bugs_and_refusals_are_not_transient()
    {
        Assert.False(TransientFailure.Is(new NullReferenceException()));
        Assert.False(TransientFailure.Is(new ArgumentException("bad")));
        Assert.False(TransientFailure.Is(TradingException.Invalid("energyWh", "energyWh must be positive.")));
    }

    [Fact]
    public async Task A_grpc_call_that_meets_a_dead_silo_answers_unavailable_with_advice()
    {
        var interceptor = new TradingExceptionInterceptor(NullLogger<TradingExceptionInterceptor>.Instance);
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new MinimalCallContext(), (_, _) => throw new SiloUnavailableException("The target silo became unavailable")));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TransientFailure.Message, error.Status.Detail);
    }

    [Fact]
    public async Task A_grpc_call_that_hits_a_bug_still_fails_as_internal()
    {
        var interceptor = new TradingExceptionInterceptor(NullLogger<TradingExceptionInterceptor>.Instance);
        await Assert.ThrowsAsync<NullReferenceException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new MinimalCallContext(), (_, _) => throw new NullReferenceException()));
    }

    [Fact]
    public async Task A_callback_that_meets_a_restarting_database_answers_503_with_retry_after_and_a_message()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var filter = new TransientFailureEndpointFilter(NullLogger<TransientFailureEndpointFilter>.Instance);
        await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => throw new TimeoutException("storage timed out"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal((int)StatusCode.Unavailable, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(TransientFailure.Message, body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_callback_that_hits_a_bug_is_not_disguised_as_unavailable()
    {
        var http = new DefaultHttpContext();
        var filter = new TransientFailureEndpointFilter(NullLogger<TransientFailureEndpointFilter>.Instance);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => throw new ArgumentException("bug")));
    }

    /// <summary>The least a server call context needs for the interceptor (gRPC's abstract type, nothing of ours).</summary>
    private sealed class MinimalCallContext : ServerCallContext
    {
        protected override string MethodCore => "/enerlectra.v1.OfferService/GetOffer";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore => [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
