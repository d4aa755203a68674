using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.MobileMoney.Mtn;

/// <summary>
/// Collections through the MTN MoMo Open API (Collection product): token, request-to-pay and status query,
/// with retries, a circuit breaker and a shared, self-refreshing Bearer token.
/// </summary>
/// <remarks>
/// A request-to-pay is retried with the same X-Reference-Id on every attempt; if an earlier attempt did reach MTN,
/// the retry is answered 409 and reported as <see cref="SubmitOutcome.AlreadySubmitted"/>, never as a second charge.
/// Register with <see cref="MtnMomoServiceCollectionExtensions.AddMtnMomo"/>; when constructing directly, keep one
/// instance for the life of the process so that the token and circuit state are shared.
/// </remarks>
public sealed class MtnMomoClient : IMobileMoneyCollections
{
    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web);

    private readonly MtnMomoOptions _options;
    private readonly MtnMomoApi _api;

    /// <summary>Creates a client with its own token cache and circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The MTN settings.</param>
    /// <param name="timeProvider">The clock for token expiry and retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries, refreshes and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable.</exception>
    public MtnMomoClient(
        HttpClient httpClient,
        MtnMomoOptions options,
        TimeProvider? timeProvider = null,
        ILogger<MtnMomoClient>? logger = null)
        : this(
            httpClient,
            options,
            MobileMoneySharedState.Standalone(ValidOrThrow(options), "MTN MoMo collection", timeProvider, logger),
            logger)
    {
    }

    internal MtnMomoClient(HttpClient httpClient, MtnMomoOptions options, MobileMoneySharedState shared, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ValidOrThrow(options);
        _options = options;
        _api = new MtnMomoApi(httpClient, options, MtnMomoProduct.Collection(options), shared, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Mtn;

    /// <inheritdoc />
    public async Task<SubmitOutcome> RequestToPayAsync(CollectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestGuard.Check(request.ReferenceId, request.PayerMsisdn, request.AmountNgwee, nameof(request), "payer MSISDN");

        string reference = MtnReference.Format(request.ReferenceId);
        Uri? callbackUrl = ResolveCallbackUrl(request.CallbackUrl);
        string body = JsonSerializer.Serialize(
            new MtnRequestToPayBody(
                Ngwee.Format(request.AmountNgwee),
                _options.Currency,
                request.ExternalId ?? string.Empty,
                new MtnParty("MSISDN", request.PayerMsisdn),
                request.PayerMessage ?? string.Empty,
                _options.PayeeNote),
            WireJson);

        return await _api.SubmitAsync(
            token =>
            {
                HttpRequestMessage message = _api.Authorized(HttpMethod.Post, MtnPaths.RequestToPay, token);
                message.Headers.Add(MtnHeaders.ReferenceId, reference);
                if (callbackUrl is not null)
                {
                    message.Headers.Add(MtnHeaders.CallbackUrl, callbackUrl.AbsoluteUri);
                }

                message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return message;
            },
            $"request-to-pay {reference}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A 404 counts as <see cref="CollectionState.NotFound"/> only when MTN says RESOURCE_NOT_FOUND; any other 404
    /// (a wrong base URL, a proxy page) is reported as unavailable so that nobody resubmits on a misconfiguration.
    /// </remarks>
    public Task<CollectionStatus> GetStatusAsync(Guid referenceId, CancellationToken cancellationToken = default) =>
        _api.QueryAsync(
            token => _api.Authorized(HttpMethod.Get, MtnPaths.RequestToPayStatus(referenceId), token),
            $"status query for {MtnReference.Format(referenceId)}",
            cancellationToken);

    private static MtnMomoOptions ValidOrThrow(MtnMomoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? options : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }

    private Uri? ResolveCallbackUrl(Uri? callbackUrl)
    {
        if (callbackUrl is null || callbackUrl.IsAbsoluteUri)
        {
            return callbackUrl;
        }

        return _options.CallbackBaseUrl is { } callbackBase
            ? new Uri(callbackBase, callbackUrl)
            : throw new ArgumentException(
                $"A relative callback URL needs {MtnMomoOptions.SectionName}:{nameof(MtnMomoOptions.CallbackBaseUrl)}.",
                nameof(callbackUrl));
    }
}
