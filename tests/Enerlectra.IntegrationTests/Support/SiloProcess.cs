using System.Diagnostics;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>A second silo as its own OS process (src/Silo), so the test can kill it the way a crash would.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private SiloProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it printed, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Silo", "bin", "Debug", "net10.0", "Enerlectra.Silo.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build src/Silo first: {dll} is missing.", dll);
        }

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            // Its own appsettings.json lives next to the dll; the content root is the working directory.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The Development profile, as the test gateways run: the callers configure PostgreSQL and the sandbox.
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process);
        // Drain both pipes, or the child blocks once a pipe buffer is full.
        process.OutputDataReceived += (_, e) => silo.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>SIGKILL, no goodbye: the cluster must find out the hard way.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed already; do not hang the test run on it.
        }

        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 60)
            {
                _output.Dequeue();
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Enerlectra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (Enerlectra.sln) above " + AppContext.BaseDirectory);
    }
}
