namespace Enerlectra.MobileMoney;

/// <summary>
/// The outcome of the call is unknown: the provider timed out, kept answering with server errors,
/// or the circuit breaker is open. For a request-to-pay the payer may or may not have been charged,
/// so the caller must reconcile with <see cref="IMobileMoneyCollections.GetStatusAsync"/>.
/// </summary>
public sealed class MobileMoneyUnavailableException : MobileMoneyException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider that could not be reached.</param>
    /// <param name="message">What went wrong, for operators.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MobileMoneyUnavailableException(MobileMoneyProvider provider, string message, Exception? innerException = null)
        : base(provider, message, innerException)
    {
    }
}
