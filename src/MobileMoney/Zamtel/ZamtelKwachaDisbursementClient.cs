using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>
/// Payouts to Zamtel Kwacha wallets over our provisional protocol (ZAMTEL.md): POST /zamtel/v1/payouts and
/// GET /zamtel/v1/payouts/{reference}.
/// </summary>
public sealed class ZamtelKwachaDisbursementClient : IMobileMoneyDisbursements
{
    private readonly ZamtelKwachaApi _api;

    /// <summary>Creates a client with its own circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The Zamtel settings.</param>
    /// <param name="timeProvider">The clock for retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable.</exception>
    public ZamtelKwachaDisbursementClient(
        HttpClient httpClient,
        ZamtelKwachaOptions options,
        TimeProvider? timeProvider = null,
        ILogger<ZamtelKwachaDisbursementClient>? logger = null)
        : this(
            httpClient,
            options,
            MobileMoneySharedState.Standalone(ZamtelKwachaApi.ValidOrThrow(options), ZamtelKwachaApi.DisplayName, timeProvider, logger),
            logger)
    {
    }

    internal ZamtelKwachaDisbursementClient(HttpClient httpClient, ZamtelKwachaOptions options, MobileMoneySharedState shared, ILogger? logger) =>
        _api = new ZamtelKwachaApi(httpClient, options, shared, logger ?? NullLogger.Instance);

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Zamtel;

    /// <inheritdoc />
    public Task<SubmitOutcome> TransferAsync(DisbursementRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestGuard.Check(request.ReferenceId, request.PayeeMsisdn, request.AmountNgwee, nameof(request));
        RequestGuard.ZambianNationalNumber(request.PayeeMsisdn, nameof(request));
        return _api.SubmitAsync(
            ZamtelPaths.Payouts,
            request.ReferenceId,
            request.PayeeMsisdn,
            request.AmountNgwee,
            request.Note ?? string.Empty,
            $"payout {ZamtelPaths.Format(request.ReferenceId)}",
            ct);
    }

    /// <inheritdoc />
    public Task<CollectionStatus> GetTransferStatusAsync(Guid referenceId, CancellationToken ct = default) =>
        _api.QueryAsync(
            ZamtelPaths.Payout(referenceId),
            $"status query for payout {ZamtelPaths.Format(referenceId)}",
            ct);
}
