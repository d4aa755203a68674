using System.Globalization;
using System.Security.Cryptography;
using Enerlectra.Sandbox.Mtn;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Sandbox;

/// <summary>
/// The memory of one provider product (e.g. Airtel payouts): arrivals per reference, transactions, the ledger of money
/// moved, and the scenario engine that settles them and sends callbacks. One lock guards all of it, because the
/// invariants tests check (money moves at most once per reference, ledger equals completions) span several maps.
/// </summary>
internal sealed class SandboxBook
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, int> _attempts = [];
    private readonly Dictionary<Guid, int> _statusQueriesByReference = [];
    private readonly Dictionary<Guid, SandboxEntry> _entries = [];
    private readonly Dictionary<string, LedgerRow> _ledger = new(StringComparer.Ordinal);
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly SandboxCallbackSender _callbacks;
    private readonly Func<SandboxEntrySnapshot, SandboxCallbackKind, SandboxCallbackMessage> _renderCallback;
    private long _submitCalls;
    private long _statusQueries;

    public SandboxBook(
        string provider,
        string kind,
        SandboxTokenRegistry? tokens,
        SandboxOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken stopping,
        SandboxCallbackSender callbacks,
        Func<SandboxEntrySnapshot, SandboxCallbackKind, SandboxCallbackMessage> renderCallback)
    {
        Provider = provider;
        Kind = kind;
        Tokens = tokens;
        _options = options;
        _time = time;
        _logger = logger;
        _stopping = stopping;
        _callbacks = callbacks;
        _renderCallback = renderCallback;
    }

    public string Provider { get; }

    public string Kind { get; }

    /// <summary>The token registry the product's API calls are checked against, or null when it has no tokens.</summary>
    public SandboxTokenRegistry? Tokens { get; }

    public void CountSubmit() => Interlocked.Increment(ref _submitCalls);

    /// <summary>Counts a status query, and against its reference when the path names one (known or not).</summary>
    public void CountStatusQuery(string? reference)
    {
        Interlocked.Increment(ref _statusQueries);
        if (Guid.TryParse(reference, out Guid referenceId))
        {
            lock (_gate)
            {
                _statusQueriesByReference[referenceId] = _statusQueriesByReference.GetValueOrDefault(referenceId) + 1;
            }
        }
    }

    /// <summary>Records a create call; <paramref name="phoneVerification"/> marks one of our phone verifications.</summary>
    public SandboxSubmitResult Submit(Guid referenceId, string msisdn, long amountNgwee, object details, Uri? callbackUrl, bool phoneVerification = false)
    {
        SandboxEntry entry;
        bool slow;
        lock (_gate)
        {
            int attempt = _attempts.GetValueOrDefault(referenceId) + 1;
            _attempts[referenceId] = attempt;

            if (_entries.TryGetValue(referenceId, out SandboxEntry? existing))
            {
                existing.Submissions++;
                return SandboxSubmitResult.Duplicate;
            }

            SandboxScenario scenario = phoneVerification ? SandboxScenarios.ForPhoneVerification(msisdn) : SandboxScenarios.For(msisdn);
            if (scenario == SandboxScenario.UnavailableTwice && attempt <= 2)
            {
                return SandboxSubmitResult.Unavailable;
            }

            if (scenario == SandboxScenario.LoseFirstArrival && attempt == 1)
            {
                return SandboxSubmitResult.Lost;
            }

            slow = scenario == SandboxScenario.SlowFirstResponse && attempt == 1;
            entry = new SandboxEntry
            {
                ReferenceId = referenceId,
                Msisdn = msisdn,
                AmountNgwee = amountNgwee,
                Details = details,
                CallbackUrl = callbackUrl,
                Scenario = scenario,
                PhoneVerification = phoneVerification,
            };
            _entries.Add(referenceId, entry);
        }

        ScheduleOutcome(entry.ReferenceId, entry.Scenario);
        return slow ? SandboxSubmitResult.AcceptedSlowly : SandboxSubmitResult.Accepted;
    }

    /// <summary>Holds a response back for scenario 0011: long enough for the client to give up and retry.</summary>
    public Task DelayIfSlowAsync(SandboxSubmitResult result) =>
        result == SandboxSubmitResult.AcceptedSlowly
            ? Task.Delay(_options.SlowResponseDelay, _time, _stopping)
            : Task.CompletedTask;

    public SandboxEntrySnapshot? Find(Guid referenceId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(referenceId, out SandboxEntry? e) ? e.Snapshot() : null;
        }
    }

    public int Attempts(Guid referenceId)
    {
        lock (_gate)
        {
            return _attempts.GetValueOrDefault(referenceId);
        }
    }

    public SandboxReferenceView Describe(Guid referenceId)
    {
        lock (_gate)
        {
            return new SandboxReferenceView(
                referenceId,
                _attempts.GetValueOrDefault(referenceId),
                _entries.TryGetValue(referenceId, out SandboxEntry? e) ? View(e.Snapshot()) : null,
                _statusQueriesByReference.GetValueOrDefault(referenceId));
        }
    }

    /// <summary>The callbacks sent for a reference, in order, with how each was answered; empty when unknown.</summary>
    public IReadOnlyList<SandboxCallbackRecord> Callbacks(Guid referenceId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(referenceId, out SandboxEntry? e) ? e.Callbacks.ToList() : [];
        }
    }

    public SandboxTransactionView View(SandboxEntrySnapshot e) => new(
        Provider, Kind, e.ReferenceId, e.Msisdn, e.AmountNgwee, e.Status, e.Reason, e.ProviderTransactionId,
        e.Submissions, e.Completions, e.CallbackUrl, e.CallbacksPlanned, e.CallbacksDelivered, e.PhoneVerification);

    /// <summary>Settles a pending transaction; null when unknown, false when it was already final.</summary>
    public bool? Settle(Guid referenceId, string status, string? reason)
    {
        SandboxEntrySnapshot settled;
        lock (_gate)
        {
            if (!_entries.TryGetValue(referenceId, out SandboxEntry? e))
            {
                return null;
            }

            // Only the PENDING → final transition moves money, so a late timer or a second approve cannot move it twice.
            if (e.Status != MtnSandboxStatus.Pending)
            {
                return false;
            }

            e.Status = status;
            e.Reason = reason;
            if (status == MtnSandboxStatus.Successful)
            {
                e.Completions++;
                e.ProviderTransactionId = RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture);
                _ledger[e.Msisdn] = _ledger.GetValueOrDefault(e.Msisdn).Add(e.AmountNgwee, e.PhoneVerification);
            }

            e.CallbacksPlanned = e.CallbackUrl is null ? 0 : CallbackPlan(e.Scenario).Count;
            settled = e.Snapshot();
        }

        _logger.LogInformation("Sandbox {Provider} {Kind} settled {ReferenceId} as {Status} {Reason}", Provider, Kind, referenceId, status, reason);
        if (settled.CallbacksPlanned > 0)
        {
            List<SandboxCallbackMessage> messages = CallbackPlan(settled.Scenario).Select(k => _renderCallback(settled, k)).ToList();
            _callbacks.Send(referenceId, settled.CallbackUrl!, messages, (message, status) => RecordCallbackAnswer(referenceId, message, status));
        }

        return true;
    }

    public SandboxLedgerView Ledger()
    {
        lock (_gate)
        {
            List<SandboxPartyLedger> parties = _ledger
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new SandboxPartyLedger(p.Key, p.Value.Ngwee, p.Value.Count, p.Value.VerificationNgwee, p.Value.VerificationCount))
                .ToList();
            return new SandboxLedgerView(
                parties.Sum(p => p.TotalNgwee), parties.Sum(p => p.Count), parties,
                parties.Sum(p => p.VerificationNgwee), parties.Sum(p => p.VerificationCount));
        }
    }

    public SandboxStats Stats() =>
        new(Tokens?.Issued ?? 0, Interlocked.Read(ref _submitCalls), Interlocked.Read(ref _statusQueries));

    /// <summary>Money moved for one number: everything, and the part that was phone verifications.</summary>
    private readonly record struct LedgerRow(long Ngwee, int Count, long VerificationNgwee, int VerificationCount)
    {
        public LedgerRow Add(long ngwee, bool phoneVerification) => phoneVerification
            ? new(Ngwee + ngwee, Count + 1, VerificationNgwee + ngwee, VerificationCount + 1)
            : this with { Ngwee = Ngwee + ngwee, Count = Count + 1 };
    }

    private static IReadOnlyList<SandboxCallbackKind> CallbackPlan(SandboxScenario scenario) => scenario switch
    {
        SandboxScenario.NoCallback => [],
        SandboxScenario.DuplicateCallback => [SandboxCallbackKind.Final, SandboxCallbackKind.Final],
        SandboxScenario.CallbacksOutOfOrder => [SandboxCallbackKind.Final, SandboxCallbackKind.StalePending],
        SandboxScenario.BadCallbackHash => [SandboxCallbackKind.BadSignature],
        _ => [SandboxCallbackKind.Final],
    };

    private void RecordCallbackAnswer(Guid referenceId, SandboxCallbackMessage message, int? status)
    {
        lock (_gate)
        {
            SandboxEntry entry = _entries[referenceId];
            entry.Callbacks.Add(new SandboxCallbackRecord(message.Method.Method, message.Body, status));
            if (status is >= 200 and < 300)
            {
                entry.CallbacksDelivered++;
            }
        }
    }

    private void ScheduleOutcome(Guid referenceId, SandboxScenario scenario)
    {
        if (scenario == SandboxScenario.StayPending)
        {
            return;
        }

        string? reason = SandboxScenarios.FailureReason(scenario);
        string status = reason is null ? MtnSandboxStatus.Successful : MtnSandboxStatus.Failed;
        if (_options.ApproveDelay <= TimeSpan.Zero)
        {
            Settle(referenceId, status, reason);
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_options.ApproveDelay, _time, _stopping).ConfigureAwait(false);
                Settle(referenceId, status, reason);
            }
            catch (OperationCanceledException)
            {
                // The sandbox is shutting down; unsettled transactions die with it.
            }
        });
    }
}
