using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// Collections (USSD push payments) through the Airtel Africa Open API: OAuth2 token, POST /merchant/v1/payments/ and
/// GET /standard/v1/payments/{id}, with retries, a circuit breaker and a shared, self-refreshing token.
/// </summary>
/// <remarks>
/// The transaction id sent to Airtel is our reference id, resent unchanged on every retry; Airtel answers a repeat
/// as a duplicate, reported as <see cref="SubmitOutcome.AlreadySubmitted"/>. <see cref="CollectionRequest.CallbackUrl"/>
/// is not sent: Airtel calls the URL configured on our Airtel application (put the reference in it, see the sandbox
/// README). <see cref="CollectionRequest.PayerMessage"/> has no Airtel field; <see cref="CollectionRequest.ExternalId"/>
/// goes in "reference".
/// </remarks>
public sealed class AirtelMoneyClient : IMobileMoneyCollections
{
    private readonly AirtelMoneyOptions _options;
    private readonly AirtelMoneyApi _api;

    /// <summary>Creates a client with its own token cache and circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The Airtel settings.</param>
    /// <param name="timeProvider">The clock for token expiry and retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries, refreshes and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable.</exception>
    public AirtelMoneyClient(
        HttpClient httpClient,
        AirtelMoneyOptions options,
        TimeProvider? timeProvider = null,
        ILogger<AirtelMoneyClient>? logger = null)
        : this(
            httpClient,
            options,
            MobileMoneySharedState.Standalone(AirtelMoneyApi.ValidOrThrow(options), AirtelMoneyApi.DisplayName, timeProvider, logger),
            logger)
    {
    }

    internal AirtelMoneyClient(HttpClient httpClient, AirtelMoneyOptions options, MobileMoneySharedState shared, ILogger? logger)
    {
        _options = AirtelMoneyApi.ValidOrThrow(options);
        _api = new AirtelMoneyApi(httpClient, options, shared, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Airtel;

    /// <inheritdoc />
    public Task<SubmitOutcome> RequestToPayAsync(CollectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestGuard.Check(request.ReferenceId, request.PayerMsisdn, request.AmountNgwee, nameof(request));
        string national = RequestGuard.ZambianNationalNumber(request.PayerMsisdn, nameof(request));
        string id = AirtelReference.Format(request.ReferenceId);
        string body = AirtelRequestBodies.Collection(
            _options,
            string.IsNullOrEmpty(request.ExternalId) ? id : request.ExternalId,
            national,
            request.AmountNgwee,
            id);
        return _api.SubmitAsync(AirtelPaths.Payments, body, $"payment {id}", cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>TA (ambiguous) is reported as <see cref="CollectionState.Pending"/>: it is never a failure.</remarks>
    public Task<CollectionStatus> GetStatusAsync(Guid referenceId, CancellationToken cancellationToken = default) =>
        _api.QueryAsync(
            AirtelPaths.PaymentStatus(referenceId),
            $"status query for payment {AirtelReference.Format(referenceId)}",
            cancellationToken);
}
