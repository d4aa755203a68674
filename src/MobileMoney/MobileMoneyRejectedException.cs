using System.Net;

namespace Enerlectra.MobileMoney;

/// <summary>
/// The provider definitely refused the call (a 4xx other than 409/429, or refused credentials).
/// For a request-to-pay this means nothing will be charged for the reference.
/// </summary>
public sealed class MobileMoneyRejectedException : MobileMoneyException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider that refused.</param>
    /// <param name="statusCode">The HTTP status the provider answered with.</param>
    /// <param name="errorCode">The provider's error code (e.g. "INVALID_CURRENCY"), when it gave one.</param>
    /// <param name="providerMessage">The provider's error message, when it gave one.</param>
    /// <param name="message">What went wrong, for operators.</param>
    public MobileMoneyRejectedException(
        MobileMoneyProvider provider,
        HttpStatusCode statusCode,
        string? errorCode,
        string? providerMessage,
        string message)
        : base(provider, message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ProviderMessage = providerMessage;
    }

    /// <summary>The HTTP status the provider answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The provider's error code, when it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The provider's error message, when it gave one.</summary>
    public string? ProviderMessage { get; }
}
