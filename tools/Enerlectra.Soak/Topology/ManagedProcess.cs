using System.Diagnostics;

namespace Enerlectra.Soak.Topology;

/// <summary>
/// One of the cluster's processes (a silo or the gateway), started from its built dll with its settings in the
/// environment (read when it starts), its output appended to a log file, and killed the way a crash would (SIGKILL) when a fault asks.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _dll;
    private readonly Func<IReadOnlyDictionary<string, string>> _environment;
    private readonly StreamWriter _log;
    private Process? _process;

    public ManagedProcess(string name, string dll, Func<IReadOnlyDictionary<string, string>> environment, string logDirectory)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the solution first (dotnet build Enerlectra.sln): {dll} is missing.", dll);
        }

        _name = name;
        _dll = dll;
        _environment = environment;
        Directory.CreateDirectory(logDirectory);
        LogPath = Path.Combine(logDirectory, name + ".log");
        _log = new StreamWriter(LogPath, append: false) { AutoFlush = true };
    }

    public string LogPath { get; }

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Read at each start: some settings (the chain's deployment) only exist once the cluster is starting.
        foreach (var (key, value) in _environment())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Both pipes are drained, or the child blocks once a pipe buffer is full.
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => Write($"--- {_name} exited ---");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Write($"--- {_name} started (pid {process.Id}) ---");
        _process = process;
    }

    /// <summary>SIGKILL, no goodbye: the rest of the cluster has to find out the hard way.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process && !process.HasExited)
        {
            Write($"--- {_name} killed (SIGKILL) by the soak ---");
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // It is gone as far as the soak is concerned; the log says if it lingered.
                Write($"--- {_name} did not exit within 15 s of SIGKILL ---");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
        }
    }
}
