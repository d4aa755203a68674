using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Enerlectra.Samples.Tests;

/// <summary>The sample's log in the test's output, so a failing run shows what the bot saw and sent.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output, string name) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} {logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a late line from a stopping bot has nowhere to go.
        }
    }
}
