using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Phones;

namespace Enerlectra.Grains.Deposits;

[GenerateSerializer, Alias("enerlectra.DepositState")]
public sealed record DepositState
{
    /// <summary>The request as the user made it; null until recorded.</summary>
    [Id(0)] public DepositRequest? Request { get; set; }
    [Id(1)] public DepositStatus Status { get; set; }
    [Id(2)] public string? FailureReason { get; set; }
    [Id(3)] public string? ProviderTransactionId { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many times we asked the provider to collect; the reference stays the same every time.</summary>
    [Id(6)] public int Submissions { get; set; }

    /// <summary>The verified phone it is collected from (digits with 260), as it was when the deposit was recorded.</summary>
    [Id(7)] public string PayerMsisdn { get; set; } = "";
    [Id(8)] public MobileNetwork Network { get; set; }

    /// <summary>Mobile money (the phone above) or the linked wallet below.</summary>
    [Id(9)] public DepositMethod Method { get; set; }

    /// <summary>The linked wallet collected from, as it was when the deposit was recorded (a later change does not move it).</summary>
    [Id(10)] public string? WalletAddress { get; set; }

    /// <summary>The last transaction sent to collect from the wallet: what a reconciliation looks up when its answer was lost.</summary>
    [Id(11)] public string? ChainTransactionHash { get; set; }

    /// <summary>Completed, but a reorganisation took the wallet's collection away: being collected again.</summary>
    [Id(12)] public bool CollectionLost { get; set; }

    /// <summary>Collecting again was definitely refused: the credit is being taken back (saved first, so it is finished after a crash).</summary>
    [Id(13)] public bool ReversalDue { get; set; }
}
