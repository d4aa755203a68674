using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Enerlectra.WebApp.Tests.Support;

/// <summary>Screenshots of the main screens, kept as test artifacts in TestResults/web-app-screenshots at the repository root.</summary>
public static class Screens
{
    public static readonly string Folder = FindFolder();

    public static async Task SaveAsync(IPage page, string name, ITestOutputHelper? output = null)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output?.WriteLine($"screenshot: {path}");
    }

    private static string FindFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Enerlectra.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "web-app-screenshots");
    }
}
