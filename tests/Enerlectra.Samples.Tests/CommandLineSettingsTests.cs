using Enerlectra.MarketMaker;

namespace Enerlectra.Samples.Tests;

public sealed class CommandLineSettingsTests
{
    [Fact]
    public void Switches_bind_the_options_and_flags_stand_alone()
    {
        var (options, problems) = CommandLineSettings.Parse(
            ["--dev-user", "mm-1", "--fund", "--mid=300", "--levels", "2", "--requote", "both-sides", "--cancel-all-on-start=false"]);

        Assert.Empty(problems);
        Assert.NotNull(options);
        Assert.Equal(("mm-1", true, 300L, 2), (options.DevUser, options.Fund, options.MidNgweePerKwh, options.Levels));
        Assert.Equal(RequotePolicy.BothSides, options.RequotePolicy);
        Assert.False(options.CancelAllOnStart);
        Assert.Equal("default", options.Market);
    }

    [Fact]
    public void A_flag_last_on_the_line_is_true()
    {
        var (options, problems) = CommandLineSettings.Parse(["--dev-user", "mm-1", "--fund"]);

        Assert.Empty(problems);
        Assert.True(options!.Fund);
    }

    [Theory]
    [InlineData(new[] { "--dev-user", "mm-1", "--spred-bps", "10" }, "Unknown argument '--spred-bps'")]
    [InlineData(new[] { "--dev-user", "mm-1", "--mid" }, "--mid needs a value")]
    [InlineData(new[] { "--mid", "250" }, "Give either --token or --dev-user")]
    [InlineData(new[] { "--token", "t", "--dev-user", "mm-1" }, "Give either --token or --dev-user")]
    [InlineData(new[] { "--token", "t", "--fund" }, "--fund needs --dev-user")]
    [InlineData(new[] { "--dev-user", "mm-1", "--levels", "0" }, "--levels must be 1-50")]
    [InlineData(new[] { "--dev-user", "mm-1", "--requote", "sometimes" }, "--requote must be filled-side or both-sides")]
    [InlineData(new[] { "--dev-user", "mm-1", "--mid", "cheap" }, "MidNgweePerKwh")]
    public void Bad_arguments_are_reported_by_name(string[] args, string problem)
    {
        var (_, problems) = CommandLineSettings.Parse(args);

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }
}
