namespace Enerlectra.MobileMoney.Airtel;

/// <summary>Airtel's transaction status codes and what they mean for us.</summary>
public static class AirtelTransactionStatus
{
    /// <summary>Transaction successful.</summary>
    public const string Successful = "TS";

    /// <summary>Transaction failed.</summary>
    public const string Failed = "TF";

    /// <summary>Transaction expired (the payer never answered).</summary>
    public const string Expired = "TE";

    /// <summary>Transaction ambiguous: Airtel does not know yet. Never treated as a failure, or we might refund a charge.</summary>
    public const string Ambiguous = "TA";

    /// <summary>Transaction in progress.</summary>
    public const string InProgress = "TIP";

    private static readonly ProviderStatusCodes States = new(
        ignoreCase: true,
        (Successful, CollectionState.Successful),
        (Failed, CollectionState.Failed),
        (Expired, CollectionState.Failed),
        (Ambiguous, CollectionState.Pending),
        (InProgress, CollectionState.Pending));

    /// <summary>Maps an Airtel status code to our state.</summary>
    /// <param name="code">The code (case-insensitive).</param>
    /// <param name="state">The state when the code is known.</param>
    /// <returns><see langword="false"/> for an unknown code.</returns>
    public static bool TryMap(string? code, out CollectionState state) => States.TryMap(code, out state);
}
