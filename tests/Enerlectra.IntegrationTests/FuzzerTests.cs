using System.Text;
using Enerlectra.Fuzz;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Issue 11, the CI version of the protocol fuzzer (tools/Enerlectra.Fuzz): 10,000 hostile requests from a fixed
/// seed against a real gateway (Kestrel, co-hosted silo, the sandbox), which must answer every one without a server
/// error and with a message, stay up, and leave the seeded wallets, offers, trade, orders, book and ledger as they were.
/// A failure lists the first findings; the same seed sends the same cases again, so any of them can be replayed.
/// </summary>
public sealed class FuzzerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public const int Requests = 10_000;
    public const int Seed = 1;

    [Fact]
    public async Task Ten_thousand_seeded_hostile_requests_find_nothing_and_change_nothing()
    {
        var options = new FuzzOptions
        {
            Http = new Uri($"http://127.0.0.1:{fixture.Host.HttpPort}"),
            Grpc = new Uri($"http://127.0.0.1:{fixture.Host.GrpcPort}"),
            Requests = Requests,
            Seed = Seed,
            SigningKey = GatewayHost.SigningKey,
        };

        var report = await FuzzRun.RunAsync(options, TextWriter.Null);

        Assert.True(report.Sent == Requests, $"Sent {report.Sent} of {Requests} requests.");
        Assert.True(report.Passed, Describe(report));
    }

    /// <summary>The figures, then the first findings one by one: kind, case index, request and the answer.</summary>
    private static string Describe(FuzzReport report)
    {
        var text = new StringBuilder(report.ToString());
        var findings = report.Findings.OrderBy(f => f.Index).ToList();
        text.AppendLine($"First findings (of {findings.Count}; replay with --seed {report.Seed}):");
        foreach (var finding in findings.Take(25))
        {
            text.AppendLine($"  #{finding.Index} {finding.Kind}: {finding.Problem}; {Shorten(finding.Request)} -> {Shorten(finding.Detail)}");
        }

        return text.ToString();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
