using Enerlectra.Abstractions.Payouts;

namespace Enerlectra.Grains.Payouts;

[GenerateSerializer, Alias("enerlectra.PayoutState")]
public sealed record PayoutState
{
    [Id(0)] public PayoutRequest? Request { get; set; }
    [Id(1)] public PayoutStatus Status { get; set; }
    [Id(2)] public string? FailureReason { get; set; }
    [Id(3)] public string? ProviderTransactionId { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many times we asked the provider to transfer; the reference stays the same every time.</summary>
    [Id(6)] public int Submissions { get; set; }
}
