using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// Payouts (B2C disbursements) through the Airtel Africa Open API: POST /standard/v2/disbursements/ and
/// GET /standard/v2/disbursements/{id}, sharing the OAuth2 client of <see cref="AirtelMoneyClient"/>.
/// </summary>
/// <remarks>Needs <see cref="AirtelMoneyOptions.DisbursementPin"/> (Airtel's encrypted wallet PIN).</remarks>
public sealed class AirtelMoneyDisbursementClient : IMobileMoneyDisbursements
{
    private readonly AirtelMoneyOptions _options;
    private readonly AirtelMoneyApi _api;

    /// <summary>Creates a client with its own token cache and circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The Airtel settings, including <see cref="AirtelMoneyOptions.DisbursementPin"/>.</param>
    /// <param name="timeProvider">The clock for token expiry and retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries, refreshes and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable for payouts.</exception>
    public AirtelMoneyDisbursementClient(
        HttpClient httpClient,
        AirtelMoneyOptions options,
        TimeProvider? timeProvider = null,
        ILogger<AirtelMoneyDisbursementClient>? logger = null)
        : this(
            httpClient,
            options,
            MobileMoneySharedState.Standalone(ValidOrThrow(options), AirtelMoneyApi.DisplayName, timeProvider, logger),
            logger)
    {
    }

    internal AirtelMoneyDisbursementClient(HttpClient httpClient, AirtelMoneyOptions options, MobileMoneySharedState shared, ILogger? logger)
    {
        _options = ValidOrThrow(options);
        _api = new AirtelMoneyApi(httpClient, options, shared, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Airtel;

    /// <inheritdoc />
    public Task<SubmitOutcome> TransferAsync(DisbursementRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestGuard.Check(request.ReferenceId, request.PayeeMsisdn, request.AmountNgwee, nameof(request));
        string national = RequestGuard.ZambianNationalNumber(request.PayeeMsisdn, nameof(request));
        string id = AirtelReference.Format(request.ReferenceId);
        string body = AirtelRequestBodies.Disbursement(
            _options,
            string.IsNullOrEmpty(request.ExternalId) ? id : request.ExternalId,
            national,
            request.AmountNgwee,
            id);
        return _api.SubmitAsync(AirtelPaths.Disbursements, body, $"disbursement {id}", ct);
    }

    /// <inheritdoc />
    public Task<CollectionStatus> GetTransferStatusAsync(Guid referenceId, CancellationToken ct = default) =>
        _api.QueryAsync(
            AirtelPaths.DisbursementStatus(referenceId),
            $"status query for disbursement {AirtelReference.Format(referenceId)}",
            ct);

    private static AirtelMoneyOptions ValidOrThrow(AirtelMoneyOptions options)
    {
        AirtelMoneyApi.ValidOrThrow(options);
        return string.IsNullOrWhiteSpace(options.DisbursementPin)
            ? throw new ArgumentException(
                $"{AirtelMoneyOptions.SectionName}: payouts need {nameof(AirtelMoneyOptions.DisbursementPin)}.",
                nameof(options))
            : options;
    }
}
