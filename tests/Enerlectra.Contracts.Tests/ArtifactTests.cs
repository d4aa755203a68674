using System.Diagnostics;

namespace Enerlectra.Contracts.Tests;

/// <summary>The committed artifacts (which the tests above deploy and the server will use) are what the sources compile to.</summary>
public sealed class ArtifactTests
{
    [Fact]
    public async Task Committed_artifacts_match_a_fresh_compile()
    {
        var start = new ProcessStartInfo("node", "contracts/scripts/check-artifacts.mjs")
        {
            WorkingDirectory = ChainEnvironment.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A compile of three contracts takes seconds; two minutes only bounds a hung process.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0,
            $"check-artifacts.mjs exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("artifacts match a fresh compile", await stdout);
    }
}
