using Enerlectra.MobileMoney.Mtn;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.MobileMoney.Tests;

public class MtnCallbackDeliveryTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private CallbackListener _listener = null!;

    public async Task InitializeAsync() => _listener = await CallbackListener.StartAsync();

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    [Fact]
    public async Task Successful_collection_sends_one_callback_that_matches_the_status()
    {
        MtnMomoClient client = fixture.CreateClient();
        Guid reference = Guid.NewGuid();
        CollectionRequest request = Payers.Request(Payers.Approving(), amountNgwee: 4_321, referenceId: reference, callbackUrl: _listener.UrlFor(reference));

        await client.RequestToPayAsync(request);

        string body = Assert.Single(await _listener.WaitForAsync(reference, 1));
        Assert.True(MtnCallback.TryParse(body, out MtnCallback? callback));
        CollectionStatus status = await client.GetStatusAsync(reference);
        Assert.Equal(new MtnCallback(status.ProviderTransactionId, request.ExternalId, 4_321L, "ZMW", CollectionState.Successful, null), callback);
        Assert.Equal(1, (await fixture.Control.GetTransactionAsync(reference)).CallbacksPlanned);
    }

    [Fact]
    public async Task Payer_0006_gets_the_same_callback_twice_but_is_charged_once()
    {
        MtnMomoClient client = fixture.CreateClient();
        Guid reference = Guid.NewGuid();
        string payer = Payers.Ending("0006");
        await client.RequestToPayAsync(Payers.Request(payer, referenceId: reference, callbackUrl: _listener.UrlFor(reference)));

        IReadOnlyList<string> bodies = await _listener.WaitForAsync(reference, 2);

        Assert.Equal(bodies[0], bodies[1]);
        Assert.True(MtnCallback.TryParse(bodies[0], out MtnCallback? callback));
        Assert.Equal(CollectionState.Successful, callback.State);
        Assert.Equal(2, (await fixture.Control.GetTransactionAsync(reference)).CallbacksPlanned);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 1234L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Payer_0007_gets_no_callback_and_polling_finds_the_charge()
    {
        MtnMomoClient client = fixture.CreateClient();
        Guid reference = Guid.NewGuid();
        await client.RequestToPayAsync(Payers.Request(Payers.Ending("0007"), referenceId: reference, callbackUrl: _listener.UrlFor(reference)));

        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(reference)).State);
        MtnSandboxTransactionView stored = await fixture.Control.GetTransactionAsync(reference);
        Assert.Equal(_listener.UrlFor(reference), stored.CallbackUrl);
        Assert.Equal(0, stored.CallbacksPlanned);
        Assert.Equal(0, _listener.Pending(reference));
    }

    [Fact]
    public async Task Failed_collection_callback_carries_the_reason()
    {
        MtnMomoClient client = fixture.CreateClient();
        Guid reference = Guid.NewGuid();
        await client.RequestToPayAsync(Payers.Request(Payers.Ending("0001"), referenceId: reference, callbackUrl: _listener.UrlFor(reference)));

        string body = Assert.Single(await _listener.WaitForAsync(reference, 1));

        Assert.True(MtnCallback.TryParse(body, out MtnCallback? callback));
        Assert.Equal(CollectionState.Failed, callback.State);
        Assert.Equal(MtnSandboxStatus.ApprovalRejected, callback.Reason);
        Assert.Null(callback.FinancialTransactionId);
    }

    [Fact]
    public async Task Control_api_approval_of_a_pending_collection_sends_the_callback()
    {
        MtnMomoClient client = fixture.CreateClient();
        Guid reference = Guid.NewGuid();
        await client.RequestToPayAsync(Payers.Request(Payers.Ending("0004"), referenceId: reference, callbackUrl: _listener.UrlFor(reference)));
        Assert.Equal(0, (await fixture.Control.GetTransactionAsync(reference)).CallbacksPlanned);

        (await fixture.Control.ApproveAsync(reference)).Dispose();

        string body = Assert.Single(await _listener.WaitForAsync(reference, 1));
        Assert.True(MtnCallback.TryParse(body, out MtnCallback? callback));
        Assert.Equal(CollectionState.Successful, callback.State);
    }

    [Fact]
    public async Task Reasons_sent_as_objects_are_read_by_the_client_and_the_callback_parser()
    {
        await using MobileMoneySandbox sandbox = await MobileMoneySandbox.StartAsync(
            new SandboxOptions { ApproveDelay = TimeSpan.Zero, ReasonAsObject = true });
        using var http = new HttpClient();
        var client = new MtnMomoClient(http, SandboxClients.Options(sandbox));
        Guid reference = Guid.NewGuid();

        await client.RequestToPayAsync(Payers.Request(Payers.Ending("0008"), referenceId: reference, callbackUrl: _listener.UrlFor(reference)));

        CollectionStatus status = await client.GetStatusAsync(reference);
        Assert.Equal(CollectionState.Failed, status.State);
        Assert.Equal(MtnSandboxStatus.NotEnoughFunds, status.Reason);
        string body = Assert.Single(await _listener.WaitForAsync(reference, 1));
        Assert.Contains("\"reason\":{", body);
        Assert.True(MtnCallback.TryParse(body, out MtnCallback? callback));
        Assert.Equal(MtnSandboxStatus.NotEnoughFunds, callback.Reason);
    }
}
