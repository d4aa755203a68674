using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Enerlectra.Persistence.Tests;

/// <summary>A real Orleans silo on loopback backed by the test database.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    public const string ServiceId = "enerlectra-tests";

    private bool _stopped;

    private TestSilo(IHost host, int siloPort, int gatewayPort)
    {
        Host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public IHost Host { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public string Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    public static async Task<TestSilo> StartAsync(string connectionString, string clusterId, Action<ISiloBuilder>? configure = null)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new ErrorCollector()).SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = clusterId;
                        o.ServiceId = ServiceId;
                    })
                    .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false)
                    .UseEnerlectraPostgresClustering(connectionString)
                    .AddEnerlectraPostgresGrainStorage(PostgresFixtureNames.Storage, connectionString)
                    .UseEnerlectraPostgresReminders(connectionString)
                    // Orleans' 1-minute floor would make the reminder test take minutes.
                    .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                configure?.Invoke(silo);
            })
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host, siloPort, gatewayPort);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await Host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Keeps silo errors visible in test output without console noise.</summary>
    private sealed class ErrorCollector : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    Console.Error.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}

public static class Poll
{
    /// <summary>
    /// Re-evaluates <paramref name="condition"/> until it holds. The timeout only bounds a hang;
    /// it asserts nothing about speed.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                last = ex;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Gave up waiting for: {what}", last);
    }
}
