using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>
/// Collections from Zamtel Kwacha wallets over our provisional protocol (ZAMTEL.md): POST /zamtel/v1/collections and
/// GET /zamtel/v1/collections/{reference}, with retries and a circuit breaker.
/// </summary>
/// <remarks>
/// Zamtel publishes no API. When a real integration arrives (direct or via an aggregator), replace
/// <c>ZamtelKwachaApi</c> behind this class; callers keep the <see cref="IMobileMoneyCollections"/> contract.
/// <see cref="CollectionRequest.CallbackUrl"/> is not sent: callbacks go to a URL configured with the provider.
/// </remarks>
public sealed class ZamtelKwachaClient : IMobileMoneyCollections
{
    private readonly ZamtelKwachaApi _api;

    /// <summary>Creates a client with its own circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The Zamtel settings.</param>
    /// <param name="timeProvider">The clock for retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable.</exception>
    public ZamtelKwachaClient(
        HttpClient httpClient,
        ZamtelKwachaOptions options,
        TimeProvider? timeProvider = null,
        ILogger<ZamtelKwachaClient>? logger = null)
        : this(
            httpClient,
            options,
            MobileMoneySharedState.Standalone(ZamtelKwachaApi.ValidOrThrow(options), ZamtelKwachaApi.DisplayName, timeProvider, logger),
            logger)
    {
    }

    internal ZamtelKwachaClient(HttpClient httpClient, ZamtelKwachaOptions options, MobileMoneySharedState shared, ILogger? logger) =>
        _api = new ZamtelKwachaApi(httpClient, options, shared, logger ?? NullLogger.Instance);

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Zamtel;

    /// <inheritdoc />
    public Task<SubmitOutcome> RequestToPayAsync(CollectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestGuard.Check(request.ReferenceId, request.PayerMsisdn, request.AmountNgwee, nameof(request));
        RequestGuard.ZambianNationalNumber(request.PayerMsisdn, nameof(request));
        return _api.SubmitAsync(
            ZamtelPaths.Collections,
            request.ReferenceId,
            request.PayerMsisdn,
            request.AmountNgwee,
            request.PayerMessage ?? string.Empty,
            $"collection {ZamtelPaths.Format(request.ReferenceId)}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CollectionStatus> GetStatusAsync(Guid referenceId, CancellationToken cancellationToken = default) =>
        _api.QueryAsync(
            ZamtelPaths.Collection(referenceId),
            $"status query for collection {ZamtelPaths.Format(referenceId)}",
            cancellationToken);
}
