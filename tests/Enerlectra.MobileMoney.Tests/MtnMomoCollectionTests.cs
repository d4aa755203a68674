using System.Net;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.MobileMoney.Tests;

public class MtnMomoCollectionTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Approved_collection_is_successful_and_charged_once()
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Approving();
        CollectionRequest request = Payers.Request(payer, amountNgwee: 250_075);

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));

        CollectionStatus status = await client.GetStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Successful, status.State);
        Assert.Equal(250_075L, status.AmountNgwee);
        Assert.False(string.IsNullOrEmpty(status.ProviderTransactionId));
        Assert.Null(status.Reason);

        MtnSandboxTransactionView stored = await fixture.Control.GetTransactionAsync(request.ReferenceId);
        Assert.Equal("2500.75", stored.Amount);
        Assert.Equal(payer, stored.PayerMsisdn);
        Assert.Equal(request.ExternalId, stored.ExternalId);
        Assert.Equal(request.PayerMessage, stored.PayerMessage);
        Assert.Equal("ZMW", stored.Currency);
        Assert.Equal(status.ProviderTransactionId, stored.FinancialTransactionId);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 250_075L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Theory]
    [InlineData("0001", MtnSandboxStatus.ApprovalRejected)]
    [InlineData("0002", MtnSandboxStatus.Expired)]
    [InlineData("0008", MtnSandboxStatus.NotEnoughFunds)]
    public async Task Failed_collections_report_the_reason_and_charge_nothing(string ending, string reason)
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Ending(ending);
        CollectionRequest request = Payers.Request(payer);

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));

        CollectionStatus status = await client.GetStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Failed, status.State);
        Assert.Equal(reason, status.Reason);
        Assert.Null(status.ProviderTransactionId);
        Assert.Equal(1234L, status.AmountNgwee);
        Assert.Equal(0, (await fixture.Control.GetTransactionAsync(request.ReferenceId)).ChargeCount);
        Assert.Null(await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Lost_request_reads_NotFound_and_resubmitting_the_same_reference_charges_once()
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Ending("0003");
        CollectionRequest request = Payers.Request(payer, amountNgwee: 5_000);

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));
        Assert.Equal(new CollectionStatus(CollectionState.NotFound, null, null, null), await client.GetStatusAsync(request.ReferenceId));

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));
        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(request.ReferenceId)).State);

        MtnSandboxReferenceView reference = await fixture.Control.GetReferenceAsync(request.ReferenceId);
        Assert.Equal(2, reference.RequestAttempts);
        Assert.Equal(1, reference.Transaction!.ChargeCount);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 5_000L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Pending_collection_stays_pending_until_approved_through_the_control_api()
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Ending("0004");
        CollectionRequest request = Payers.Request(payer);

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));
        Assert.Equal(CollectionState.Pending, (await client.GetStatusAsync(request.ReferenceId)).State);
        Assert.Null(await fixture.Control.GetPayerLedgerAsync(payer));

        using (HttpResponseMessage approved = await fixture.Control.ApproveAsync(request.ReferenceId))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(request.ReferenceId)).State);

        // A second approval must not charge again.
        using (HttpResponseMessage again = await fixture.Control.ApproveAsync(request.ReferenceId))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        Assert.Equal(new MtnSandboxPayerLedger(payer, 1234L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Pending_collection_rejected_through_the_control_api_fails_with_the_given_reason()
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Ending("0004");
        CollectionRequest request = Payers.Request(payer);
        await client.RequestToPayAsync(request);

        using (HttpResponseMessage rejected = await fixture.Control.RejectAsync(request.ReferenceId, "PAYER_LIMIT_REACHED"))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        CollectionStatus status = await client.GetStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Failed, status.State);
        Assert.Equal("PAYER_LIMIT_REACHED", status.Reason);
        Assert.Null(await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Two_503s_are_retried_with_the_same_reference_and_charge_once()
    {
        MtnMomoClient client = fixture.CreateClient(o => o.MaxRetryAttempts = 3);
        string payer = Payers.Ending("0005");
        CollectionRequest request = Payers.Request(payer, amountNgwee: 777);

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));

        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(request.ReferenceId)).State);
        MtnSandboxReferenceView reference = await fixture.Control.GetReferenceAsync(request.ReferenceId);
        Assert.Equal(3, reference.RequestAttempts);
        Assert.Equal(1, reference.Transaction!.Submissions);
        Assert.Equal(1, reference.Transaction.ChargeCount);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 777L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Too_few_retries_for_the_503s_report_unavailable_then_reconcile_and_resubmit_safely()
    {
        MtnMomoClient client = fixture.CreateClient(o => o.MaxRetryAttempts = 1);
        string payer = Payers.Ending("0005");
        CollectionRequest request = Payers.Request(payer);

        var unavailable = await Assert.ThrowsAsync<MobileMoneyUnavailableException>(() => client.RequestToPayAsync(request));
        Assert.Contains("503", unavailable.Message);
        Assert.Equal(MobileMoneyProvider.Mtn, unavailable.Provider);

        Assert.Equal(CollectionState.NotFound, (await client.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));
        Assert.Equal(CollectionState.Successful, (await client.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 1234L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Duplicate_submission_is_AlreadySubmitted_and_charges_once()
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Approving();
        CollectionRequest request = Payers.Request(payer, amountNgwee: 10_000);

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await client.RequestToPayAsync(request));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await client.RequestToPayAsync(request with { AmountNgwee = 99_999 }));

        MtnSandboxTransactionView stored = await fixture.Control.GetTransactionAsync(request.ReferenceId);
        Assert.Equal(3, stored.Submissions);
        Assert.Equal(1, stored.ChargeCount);
        Assert.Equal(10_000L, stored.AmountNgwee);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 10_000L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Concurrent_duplicate_submissions_charge_once()
    {
        MtnMomoClient client = fixture.CreateClient();
        string payer = Payers.Approving();
        CollectionRequest request = Payers.Request(payer);

        SubmitOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RequestToPayAsync(request)));

        Assert.Single(outcomes, SubmitOutcome.Accepted);
        Assert.Equal(7, outcomes.Count(o => o == SubmitOutcome.AlreadySubmitted));
        Assert.Equal(new MtnSandboxPayerLedger(payer, 1234L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Unknown_reference_is_NotFound()
    {
        MtnMomoClient client = fixture.CreateClient();
        Assert.Equal(CollectionState.NotFound, (await client.GetStatusAsync(Guid.NewGuid())).State);
    }

    [Fact]
    public async Task Provider_refusal_is_a_rejection_with_the_provider_code_and_records_nothing()
    {
        MtnMomoClient client = fixture.CreateClient(o => o.Currency = "USD");
        CollectionRequest request = Payers.Request(Payers.Approving());

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.RequestToPayAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("INVALID_CURRENCY", rejected.ErrorCode);
        Assert.Contains("INVALID_CURRENCY", rejected.Message);
        Assert.Null((await fixture.Control.GetReferenceAsync(request.ReferenceId)).Transaction);
    }

    [Fact]
    public async Task Wrong_target_environment_is_a_rejection()
    {
        MtnMomoClient client = fixture.CreateClient(o => o.TargetEnvironment = "sandbox");

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.GetStatusAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
        Assert.Equal("NOT_ALLOWED_TARGET_ENVIRONMENT", rejected.ErrorCode);
    }

    [Theory]
    [InlineData("+260961234567", 100L)]
    [InlineData("0961234567x", 100L)]
    [InlineData("26096", 100L)]
    [InlineData("260961235555", 0L)]
    [InlineData("260961235555", -5L)]
    public async Task Invalid_requests_are_refused_before_anything_is_sent(string msisdn, long amount)
    {
        MtnMomoClient client = fixture.CreateClient();
        MtnSandboxStats before = await fixture.Control.GetStatsAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.RequestToPayAsync(Payers.Request(msisdn, amount)));

        Assert.Equal(before.RequestToPayCalls, (await fixture.Control.GetStatsAsync()).RequestToPayCalls);
    }
}
