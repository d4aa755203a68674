using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Zamtel;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>
/// Airtel and Zamtel callbacks go to a configured URL template, not one per request. Each test gets a sandbox whose
/// templates point at a real Kestrel listener; Airtel callbacks are signed with a callback secret.
/// </summary>
public class ConfiguredCallbackTests : IAsyncLifetime
{
    private const string Secret = "sandbox-callback-secret";

    private CallbackListener _listener = null!;
    private MobileMoneySandbox _sandbox = null!;
    private SandboxControl _control = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _listener = await CallbackListener.StartAsync();
        _sandbox = await MobileMoneySandbox.StartAsync(new SandboxOptions
        {
            ApproveDelay = TimeSpan.Zero,
            AirtelCallbackUrl = _listener.TemplateFor("airtel"),
            AirtelCallbackSecret = Secret,
            ZamtelCallbackUrl = _listener.TemplateFor("zamtel"),
        });
        _http = new HttpClient();
        _control = new SandboxControl(new HttpClient { BaseAddress = _sandbox.BaseAddress });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sandbox.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Airtel_success_callback_is_signed_and_matches_the_status()
    {
        var client = new AirtelMoneyClient(_http, SandboxClients.Airtel(_sandbox));
        CollectionRequest request = Payers.Request(Payers.Approving());

        await client.RequestToPayAsync(request);

        string body = Assert.Single(await _listener.WaitForAsync(request.ReferenceId, 1));
        Assert.Equal(AirtelCallbackAuthenticity.Authentic, AirtelCallbackVerifier.Verify(body, Secret));
        Assert.True(AirtelCallback.TryParse(body, out AirtelCallback? callback));
        CollectionStatus status = await client.GetStatusAsync(request.ReferenceId);
        Assert.Equal((request.ReferenceId, CollectionState.Successful, status.ProviderTransactionId), (callback.ReferenceId, callback.State, callback.AirtelMoneyId));
        Assert.Equal(1, (await _control.EntryAsync("airtel", "collections", request.ReferenceId)).CallbacksPlanned);
    }

    [Fact]
    public async Task Airtel_failure_callback_carries_the_reason_as_message()
    {
        var client = new AirtelMoneyClient(_http, SandboxClients.Airtel(_sandbox));
        CollectionRequest request = Payers.Request(Payers.Ending("0010"));

        await client.RequestToPayAsync(request);

        string body = Assert.Single(await _listener.WaitForAsync(request.ReferenceId, 1));
        Assert.True(AirtelCallback.TryParse(body, out AirtelCallback? callback));
        Assert.Equal(("TF", SandboxReasons.PinTimeout, CollectionState.Failed), (callback.StatusCode, callback.Message, callback.State));
    }

    [Fact]
    public async Task Airtel_0013_callback_with_a_bad_hash_is_forged_and_the_status_query_is_the_truth()
    {
        var client = new AirtelMoneyClient(_http, SandboxClients.Airtel(_sandbox));
        CollectionRequest request = Payers.Request(Payers.Ending("0013"));

        await client.RequestToPayAsync(request);

        string body = Assert.Single(await _listener.WaitForAsync(request.ReferenceId, 1));
        Assert.Equal(AirtelCallbackAuthenticity.Forged, AirtelCallbackVerifier.Verify(body, Secret));
        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(request.ReferenceId)).State);
    }

    [Fact]
    public async Task Airtel_0012_stale_in_progress_callback_arrives_after_the_final_one()
    {
        var client = new AirtelMoneyClient(_http, SandboxClients.Airtel(_sandbox));
        CollectionRequest request = Payers.Request(Payers.Ending("0012"));

        await client.RequestToPayAsync(request);

        IReadOnlyList<string> bodies = await _listener.WaitForAsync(request.ReferenceId, 2);
        Assert.All(bodies, b => Assert.Equal(AirtelCallbackAuthenticity.Authentic, AirtelCallbackVerifier.Verify(b, Secret)));
        AirtelCallback[] callbacks = bodies.Select(b => AirtelCallback.TryParse(b, out AirtelCallback? c) ? c : throw new Xunit.Sdk.XunitException(b)).ToArray();
        Assert.Equal(["TS", "TIP"], callbacks.Select(c => c.StatusCode));

        // A receiver must not let the late TIP undo the TS: the status query still says successful, charged once.
        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(1, (await _control.EntryAsync("airtel", "collections", request.ReferenceId)).Completions);
    }

    [Fact]
    public async Task Airtel_0006_duplicate_callbacks_charge_once_and_0007_sends_none()
    {
        var client = new AirtelMoneyClient(_http, SandboxClients.Airtel(_sandbox));
        string payer = Payers.Ending("0006");
        CollectionRequest twice = Payers.Request(payer);
        CollectionRequest none = Payers.Request(Payers.Ending("0007"));

        await client.RequestToPayAsync(twice);
        await client.RequestToPayAsync(none);

        IReadOnlyList<string> bodies = await _listener.WaitForAsync(twice.ReferenceId, 2);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Equal(new SandboxPartyLedger(payer, 1234L, 1), await _control.PartyLedgerAsync("airtel", "collections", payer));
        Assert.Equal(0, (await _control.EntryAsync("airtel", "collections", none.ReferenceId)).CallbacksPlanned);
        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(none.ReferenceId)).State);
        Assert.Equal(0, _listener.Pending(none.ReferenceId));
    }

    [Fact]
    public async Task Airtel_payout_callback_goes_to_the_same_configured_url()
    {
        var client = new AirtelMoneyDisbursementClient(_http, SandboxClients.Airtel(_sandbox));
        DisbursementRequest request = Payers.Payout(Payers.Approving());

        await client.TransferAsync(request);

        string body = Assert.Single(await _listener.WaitForAsync(request.ReferenceId, 1));
        Assert.True(AirtelCallbackVerifier.IsAuthentic(body, Secret));
        Assert.True(AirtelCallback.TryParse(body, out AirtelCallback? callback));
        Assert.Equal(CollectionState.Successful, callback.State);
    }

    [Fact]
    public async Task Zamtel_callbacks_carry_the_status_object_and_0012_sends_a_stale_pending_after_the_final_one()
    {
        var client = new ZamtelKwachaClient(_http, SandboxClients.Zamtel(_sandbox));
        CollectionRequest ok = Payers.Request(Payers.Approving(), amountNgwee: 2_500);
        CollectionRequest outOfOrder = Payers.Request(Payers.Ending("0012"));

        await client.RequestToPayAsync(ok);
        await client.RequestToPayAsync(outOfOrder);

        string body = Assert.Single(await _listener.WaitForAsync(ok.ReferenceId, 1));
        Assert.True(ZamtelCallback.TryParse(body, out ZamtelCallback? callback));
        CollectionStatus status = await client.GetStatusAsync(ok.ReferenceId);
        Assert.Equal(new ZamtelCallback(ok.ReferenceId, CollectionState.Successful, null, status.ProviderTransactionId, 2_500L), callback);

        IReadOnlyList<string> bodies = await _listener.WaitForAsync(outOfOrder.ReferenceId, 2);
        Assert.Equal(
            [CollectionState.Successful, CollectionState.Pending],
            bodies.Select(b => ZamtelCallback.TryParse(b, out ZamtelCallback? c) ? c.State : throw new Xunit.Sdk.XunitException(b)));
    }

    [Fact]
    public async Task Without_a_callback_secret_airtel_callbacks_are_unsigned_and_verification_is_not_configured()
    {
        await using MobileMoneySandbox unsigned = await MobileMoneySandbox.StartAsync(new SandboxOptions
        {
            ApproveDelay = TimeSpan.Zero,
            AirtelCallbackUrl = _listener.TemplateFor("airtel"),
        });
        var client = new AirtelMoneyClient(_http, SandboxClients.Airtel(unsigned));
        CollectionRequest request = Payers.Request(Payers.Approving());

        await client.RequestToPayAsync(request);

        string body = Assert.Single(await _listener.WaitForAsync(request.ReferenceId, 1));
        Assert.True(AirtelCallback.TryParse(body, out AirtelCallback? callback));
        Assert.Null(callback.Hash);
        Assert.Equal(AirtelCallbackAuthenticity.NotConfigured, AirtelCallbackVerifier.Verify(body, null));
        Assert.Equal(AirtelCallbackAuthenticity.Unsigned, AirtelCallbackVerifier.Verify(body, Secret));
    }
}
