using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Sandbox;

/// <summary>
/// The sandbox's memory: tokens, arrivals per reference, transactions and the ledger. One lock guards all of it,
/// because the invariants that tests check (one charge per reference, ledger equals charges) span several maps.
/// </summary>
internal sealed class MtnSandboxStore : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _attempts = [];
    private readonly Dictionary<Guid, MtnSandboxTransaction> _transactions = [];
    private readonly Dictionary<string, (long Ngwee, int Charges)> _ledger = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly MtnCallbackSender _callbacks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _tokensIssued;
    private long _requestToPayCalls;
    private long _statusQueries;

    public MtnSandboxStore(SandboxOptions options, TimeProvider time, ILogger logger)
    {
        Options = options;
        _time = time;
        _logger = logger;
        _callbacks = new MtnCallbackSender(options, time, logger, _stopping.Token);
    }

    public SandboxOptions Options { get; }

    public string IssueToken()
    {
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            _tokens[token] = _time.GetUtcNow() + Options.TokenLifetime;
            _tokensIssued++;
        }

        return token;
    }

    public bool IsTokenValid(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out DateTimeOffset expires) && _time.GetUtcNow() < expires;
        }
    }

    public void RevokeTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    public void CountRequestToPay() => Interlocked.Increment(ref _requestToPayCalls);

    public void CountStatusQuery() => Interlocked.Increment(ref _statusQueries);

    public MtnSandboxSubmitResult Submit(MtnSandboxSubmission submission)
    {
        MtnSandboxTransaction transaction;
        lock (_gate)
        {
            int attempt = _attempts.GetValueOrDefault(submission.ReferenceId) + 1;
            _attempts[submission.ReferenceId] = attempt;

            if (_transactions.TryGetValue(submission.ReferenceId, out MtnSandboxTransaction? existing))
            {
                existing.Submissions++;
                return MtnSandboxSubmitResult.Duplicate;
            }

            MtnPayerScenario scenario = MtnPayerScenarios.For(submission.PayerMsisdn);
            if (scenario == MtnPayerScenario.UnavailableTwice && attempt <= 2)
            {
                return MtnSandboxSubmitResult.Unavailable;
            }

            if (scenario == MtnPayerScenario.LoseFirstArrival && attempt == 1)
            {
                return MtnSandboxSubmitResult.Lost;
            }

            transaction = new MtnSandboxTransaction
            {
                ReferenceId = submission.ReferenceId,
                PayerMsisdn = submission.PayerMsisdn,
                AmountNgwee = submission.AmountNgwee,
                Currency = submission.Currency,
                ExternalId = submission.ExternalId,
                PayerMessage = submission.PayerMessage,
                PayeeNote = submission.PayeeNote,
                CallbackUrl = submission.CallbackUrl,
                Scenario = scenario,
            };
            _transactions.Add(submission.ReferenceId, transaction);
        }

        ScheduleOutcome(transaction);
        return MtnSandboxSubmitResult.Accepted;
    }

    public MtnSandboxTransactionView? Find(Guid referenceId)
    {
        lock (_gate)
        {
            return _transactions.TryGetValue(referenceId, out MtnSandboxTransaction? t) ? t.ToView() : null;
        }
    }

    public MtnSandboxReferenceView Describe(Guid referenceId)
    {
        lock (_gate)
        {
            return new MtnSandboxReferenceView(
                referenceId,
                _attempts.GetValueOrDefault(referenceId),
                _transactions.TryGetValue(referenceId, out MtnSandboxTransaction? t) ? t.ToView() : null);
        }
    }

    /// <summary>Settles a pending transaction; null when unknown, false when it was already final.</summary>
    public bool? Settle(Guid referenceId, string status, string? reason)
    {
        MtnSandboxTransactionView settled;
        lock (_gate)
        {
            if (!_transactions.TryGetValue(referenceId, out MtnSandboxTransaction? t))
            {
                return null;
            }

            // Only the PENDING → final transition charges, so a late timer or a second approve cannot charge twice.
            if (t.Status != MtnSandboxStatus.Pending)
            {
                return false;
            }

            t.Status = status;
            t.Reason = reason;
            if (status == MtnSandboxStatus.Successful)
            {
                t.ChargeCount++;
                t.FinancialTransactionId = RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                (long ngwee, int charges) = _ledger.GetValueOrDefault(t.PayerMsisdn);
                _ledger[t.PayerMsisdn] = (ngwee + t.AmountNgwee, charges + 1);
            }

            t.CallbacksPlanned = t.CallbackUrl is null ? 0 : t.Scenario switch
            {
                MtnPayerScenario.NoCallback => 0,
                MtnPayerScenario.DuplicateCallback => 2,
                _ => 1,
            };
            settled = t.ToView();
        }

        _logger.LogInformation("Sandbox settled {ReferenceId} as {Status} {Reason}", referenceId, status, reason);
        if (settled.CallbacksPlanned > 0)
        {
            _callbacks.Send(settled, settled.CallbacksPlanned, () => RecordCallbackDelivered(referenceId));
        }

        return true;
    }

    public MtnSandboxLedgerView Ledger()
    {
        lock (_gate)
        {
            List<MtnSandboxPayerLedger> payers = _ledger
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new MtnSandboxPayerLedger(p.Key, p.Value.Ngwee, p.Value.Charges))
                .ToList();
            return new MtnSandboxLedgerView(payers.Sum(p => p.CollectedNgwee), payers.Sum(p => p.SuccessfulCharges), payers);
        }
    }

    public MtnSandboxStats Stats()
    {
        lock (_gate)
        {
            return new MtnSandboxStats(_tokensIssued, Interlocked.Read(ref _requestToPayCalls), Interlocked.Read(ref _statusQueries));
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _callbacks.Dispose();
        _stopping.Dispose();
    }

    private void RecordCallbackDelivered(Guid referenceId)
    {
        lock (_gate)
        {
            _transactions[referenceId].CallbacksDelivered++;
        }
    }

    private void ScheduleOutcome(MtnSandboxTransaction transaction)
    {
        (string Status, string? Reason)? outcome = transaction.Scenario switch
        {
            MtnPayerScenario.StayPending => null,
            MtnPayerScenario.Reject => (MtnSandboxStatus.Failed, MtnSandboxStatus.ApprovalRejected),
            MtnPayerScenario.Expire => (MtnSandboxStatus.Failed, MtnSandboxStatus.Expired),
            MtnPayerScenario.NotEnoughFunds => (MtnSandboxStatus.Failed, MtnSandboxStatus.NotEnoughFunds),
            _ => (MtnSandboxStatus.Successful, null),
        };
        if (outcome is not { } final)
        {
            return;
        }

        if (Options.ApproveDelay <= TimeSpan.Zero)
        {
            Settle(transaction.ReferenceId, final.Status, final.Reason);
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Options.ApproveDelay, _time, _stopping.Token).ConfigureAwait(false);
                Settle(transaction.ReferenceId, final.Status, final.Reason);
            }
            catch (OperationCanceledException)
            {
                // The sandbox is shutting down; unsettled transactions die with it.
            }
        });
    }
}
