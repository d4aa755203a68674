using Enerlectra.Abstractions.PhoneVerifications;

namespace Enerlectra.Grains.PhoneVerifications;

[GenerateSerializer, Alias("enerlectra.PhoneVerificationState")]
public sealed record PhoneVerificationState
{
    /// <summary>The request that started it; null until started.</summary>
    [Id(0)] public PhoneVerificationRequest? Request { get; set; }
    [Id(1)] public PhoneVerificationStatus Status { get; set; }
    [Id(2)] public string? FailureReason { get; set; }
    [Id(3)] public string? ProviderTransactionId { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many times we asked the provider to collect; the reference stays the same every time.</summary>
    [Id(6)] public int Submissions { get; set; }
}
