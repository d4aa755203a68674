using Microsoft.Playwright;

namespace Enerlectra.WebApp.Tests.Support;

/// <summary>
/// Chromium from the operating system's package (Playwright's own browser download is not available here), driven by
/// Microsoft.Playwright. ENERLECTRA_CHROMIUM overrides the path; a missing browser fails the tests, never skips them.
/// </summary>
public sealed class Browsers : IAsyncLifetime
{
    public const string PathVariable = "ENERLECTRA_CHROMIUM";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        var candidates = string.IsNullOrWhiteSpace(configured)
            ? new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            : new[] { configured };
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   $"No Chromium found ({string.Join(", ", candidates)}). Install it (apt-get install -y chromium; scripts/test.sh does) or set {PathVariable}.");
    }

    public async Task InitializeAsync()
    {
        // Screenshots and expectations wait on conditions (text shown, element visible), up to this long each.
        Assertions.SetDefaultExpectTimeout(30_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
