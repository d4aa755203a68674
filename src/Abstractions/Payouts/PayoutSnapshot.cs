using Orleans;

namespace Enerlectra.Abstractions.Payouts;

[GenerateSerializer, Immutable, Alias("enerlectra.PayoutSnapshot")]
public sealed record PayoutSnapshot(
    [property: Id(0)] PayoutRequest Request,
    [property: Id(1)] PayoutStatus Status,
    [property: Id(2)] string? FailureReason,
    [property: Id(3)] string? ProviderTransactionId,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt);
