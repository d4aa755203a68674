using Enerlectra.Sandbox;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// A sandbox the test owns, on a fixed free port, so it outlives gateway restarts and serves several silo processes.
/// </summary>
public sealed class OwnSandbox : IAsyncDisposable
{
    private readonly MobileMoneySandbox _sandbox;

    private OwnSandbox(MobileMoneySandbox sandbox)
    {
        _sandbox = sandbox;
        Settings = SandboxOptionsView.From(sandbox.BaseAddress, sandbox.Options);
        Control = new SandboxControl(sandbox.BaseAddress);
    }

    public SandboxOptionsView Settings { get; }

    public SandboxControl Control { get; }

    /// <summary>Starts it; <paramref name="configure"/> may set more options (e.g. where Airtel callbacks go).</summary>
    public static async Task<OwnSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            Url = $"http://127.0.0.1:{FreePorts.Take()}",
            ApproveDelay = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(options);
        return new(await MobileMoneySandbox.StartAsync(options));
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _sandbox.DisposeAsync();
    }
}
