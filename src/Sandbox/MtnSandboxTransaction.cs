namespace Enerlectra.Sandbox;

/// <summary>One stored request-to-pay. Mutable, and only ever touched under the store's lock.</summary>
internal sealed class MtnSandboxTransaction
{
    public required Guid ReferenceId { get; init; }
    public required string PayerMsisdn { get; init; }
    public required long AmountNgwee { get; init; }
    public required string Currency { get; init; }
    public required string ExternalId { get; init; }
    public required string PayerMessage { get; init; }
    public required string PayeeNote { get; init; }
    public required Uri? CallbackUrl { get; init; }
    public required MtnPayerScenario Scenario { get; init; }
    public string Status { get; set; } = MtnSandboxStatus.Pending;
    public string? Reason { get; set; }
    public string? FinancialTransactionId { get; set; }
    public int Submissions { get; set; } = 1;
    public int ChargeCount { get; set; }
    public int CallbacksPlanned { get; set; }
    public int CallbacksDelivered { get; set; }

    public MtnSandboxTransactionView ToView() => new(
        ReferenceId,
        PayerMsisdn,
        MtnSandboxAmount.Format(AmountNgwee),
        AmountNgwee,
        Currency,
        ExternalId,
        PayerMessage,
        PayeeNote,
        Status,
        Reason,
        FinancialTransactionId,
        Submissions,
        ChargeCount,
        CallbackUrl,
        CallbacksPlanned,
        CallbacksDelivered);
}
