using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Withdrawals;

namespace Enerlectra.Grains.Withdrawals;

[GenerateSerializer, Alias("enerlectra.WithdrawalState")]
public sealed record WithdrawalState
{
    /// <summary>The request as the user made it; null until recorded.</summary>
    [Id(0)] public WithdrawalRequest? Request { get; set; }
    [Id(1)] public WithdrawalStatus Status { get; set; }
    [Id(2)] public WithdrawalStage Stage { get; set; }
    [Id(3)] public string? FailureReason { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The verified phone it is paid to (digits with 260), as it was when the withdrawal was recorded.</summary>
    [Id(6)] public string PayeeMsisdn { get; set; } = "";
    [Id(7)] public MobileNetwork Network { get; set; }

    /// <summary>The payout's definite outcome, once known (<see cref="WithdrawalStage.Settling"/> and after).</summary>
    [Id(8)] public bool Paid { get; set; }
}
