using Enerlectra.MobileMoney.Mtn;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>Outcomes settled by the sandbox's timer (ApproveDelay above zero), found by polling as the server would.</summary>
public class MtnMomoDelayedOutcomeTests : IClassFixture<MtnMomoDelayedOutcomeTests.DelayedSandboxFixture>
{
    // Only a safety net so a never-settling request fails instead of hanging; no assertion is about speed.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly DelayedSandboxFixture _fixture;

    public MtnMomoDelayedOutcomeTests(DelayedSandboxFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("5555", CollectionState.Successful, null)]
    [InlineData("0002", CollectionState.Failed, MtnSandboxStatus.Expired)]
    public async Task Polling_finds_the_outcome_once_the_payer_answers(string ending, CollectionState expected, string? reason)
    {
        MtnMomoClient client = _fixture.CreateClient();
        string payer = Payers.Ending(ending);
        CollectionRequest request = Payers.Request(payer);
        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));

        CollectionStatus status = await PollUntilFinalAsync(client, request.ReferenceId);

        Assert.Equal(expected, status.State);
        Assert.Equal(reason, status.Reason);
        Assert.Equal(expected == CollectionState.Successful ? 1 : 0, (await _fixture.Control.GetTransactionAsync(request.ReferenceId)).ChargeCount);
    }

    private static async Task<CollectionStatus> PollUntilFinalAsync(MtnMomoClient client, Guid referenceId)
    {
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        while (true)
        {
            CollectionStatus status = await client.GetStatusAsync(referenceId, giveUp.Token);
            if (status.State is not CollectionState.Pending)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), giveUp.Token);
        }
    }

    public sealed class DelayedSandboxFixture : SandboxFixture
    {
        protected override SandboxOptions CreateOptions() => new() { ApproveDelay = TimeSpan.FromMilliseconds(100) };
    }
}
