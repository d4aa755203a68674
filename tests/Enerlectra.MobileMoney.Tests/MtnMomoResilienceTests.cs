using System.Net;
using System.Net.Sockets;
using Enerlectra.MobileMoney.Mtn;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Enerlectra.MobileMoney.Tests;

public class MtnMomoResilienceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Repeated_server_errors_open_the_circuit_and_later_calls_do_not_reach_the_provider()
    {
        MtnMomoClient client = fixture.CreateClient(o =>
        {
            o.MaxRetryAttempts = 1;
            o.CircuitBreakerMinimumThroughput = 2;
            // The token call is one success, so the second 503 (2 of 3) is what opens it.
            o.CircuitBreakerFailureRatio = 0.6;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(5);
        });
        CollectionRequest failing = Payers.Request(Payers.Ending("0005"));
        await Assert.ThrowsAsync<MobileMoneyUnavailableException>(() => client.RequestToPayAsync(failing));
        Assert.Equal(2, (await fixture.Control.GetReferenceAsync(failing.ReferenceId)).RequestAttempts);

        CollectionRequest next = Payers.Request(Payers.Approving());
        var unavailable = await Assert.ThrowsAsync<MobileMoneyUnavailableException>(() => client.RequestToPayAsync(next));

        Assert.IsType<BrokenCircuitException>(unavailable.InnerException);
        Assert.Contains("circuit breaker is open", unavailable.Message);
        Assert.Equal(0, (await fixture.Control.GetReferenceAsync(next.ReferenceId)).RequestAttempts);
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_reported_unavailable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        MtnMomoClient client = fixture.CreateClient(o =>
        {
            o.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            o.MaxRetryAttempts = 2;
        });

        var unavailable = await Assert.ThrowsAsync<MobileMoneyUnavailableException>(
            () => client.RequestToPayAsync(Payers.Request(Payers.Approving())));

        Assert.IsType<HttpRequestException>(unavailable.InnerException);
        Assert.Contains("outcome is unknown", unavailable.Message);
    }

    [Fact]
    public async Task Attempts_that_never_answer_time_out_and_are_reported_unavailable()
    {
        using var blackHole = new BlackHoleServer();
        MtnMomoClient client = fixture.CreateClient(o =>
        {
            o.BaseUrl = blackHole.BaseAddress;
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetryAttempts = 1;
        });

        var unavailable = await Assert.ThrowsAsync<MobileMoneyUnavailableException>(() => client.GetStatusAsync(Guid.NewGuid()));

        Assert.IsType<TimeoutRejectedException>(unavailable.InnerException);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_unavailable()
    {
        using var blackHole = new BlackHoleServer();
        MtnMomoClient client = fixture.CreateClient(o => o.BaseUrl = blackHole.BaseAddress);
        using var cancel = new CancellationTokenSource();

        Task<CollectionStatus> call = client.GetStatusAsync(Guid.NewGuid(), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public void Unusable_options_are_refused_at_construction()
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new MtnMomoClient(http, new MtnMomoOptions()));
        Assert.Contains("BaseUrl", error.Message);
        Assert.Contains("SubscriptionKey", error.Message);
        Assert.Contains("ApiUser", error.Message);
    }
}
