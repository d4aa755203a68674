using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enerlectra.MobileMoney.Mtn;

/// <summary>
/// Payouts through the MTN MoMo Open API (Disbursement product): token, transfer and transfer status, with the same
/// retries, circuit breaker and token handling as <see cref="MtnMomoClient"/> but the Disbursement credentials
/// (<see cref="MtnMomoOptions.DisbursementSubscriptionKey"/>, <see cref="MtnMomoOptions.DisbursementApiUser"/>,
/// <see cref="MtnMomoOptions.DisbursementApiKey"/>) and its own token.
/// </summary>
/// <remarks>
/// No X-Callback-Url is sent: payouts are confirmed by <see cref="GetTransferStatusAsync"/>, which is what a callback
/// would have to be checked against anyway.
/// </remarks>
public sealed class MtnMomoDisbursementClient : IMobileMoneyDisbursements
{
    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web);

    private readonly MtnMomoOptions _options;
    private readonly MtnMomoApi _api;

    /// <summary>Creates a client with its own token cache and circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The MTN settings, including the three Disbursement credentials.</param>
    /// <param name="timeProvider">The clock for token expiry and retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries, refreshes and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable for payouts.</exception>
    public MtnMomoDisbursementClient(
        HttpClient httpClient,
        MtnMomoOptions options,
        TimeProvider? timeProvider = null,
        ILogger<MtnMomoDisbursementClient>? logger = null)
        : this(
            httpClient,
            options,
            MobileMoneySharedState.Standalone(ValidOrThrow(options), "MTN MoMo disbursement", timeProvider, logger),
            logger)
    {
    }

    internal MtnMomoDisbursementClient(HttpClient httpClient, MtnMomoOptions options, MobileMoneySharedState shared, ILogger? logger)
    {
        ValidOrThrow(options);
        _options = options;
        _api = new MtnMomoApi(httpClient, options, MtnMomoProduct.Disbursement(options), shared, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Mtn;

    /// <inheritdoc />
    public Task<SubmitOutcome> TransferAsync(DisbursementRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestGuard.Check(request.ReferenceId, request.PayeeMsisdn, request.AmountNgwee, nameof(request));
        string reference = MtnReference.Format(request.ReferenceId);
        string body = JsonSerializer.Serialize(
            new MtnTransferBody(
                Ngwee.Format(request.AmountNgwee),
                _options.Currency,
                request.ExternalId ?? string.Empty,
                new MtnParty("MSISDN", request.PayeeMsisdn),
                request.Note ?? string.Empty,
                request.Note ?? string.Empty),
            WireJson);

        return _api.SubmitAsync(
            token =>
            {
                HttpRequestMessage message = _api.Authorized(HttpMethod.Post, MtnPaths.Transfer, token);
                message.Headers.Add(MtnHeaders.ReferenceId, reference);
                message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return message;
            },
            $"transfer {reference}",
            ct);
    }

    /// <inheritdoc />
    public Task<CollectionStatus> GetTransferStatusAsync(Guid referenceId, CancellationToken ct = default) =>
        _api.QueryAsync(
            token => _api.Authorized(HttpMethod.Get, MtnPaths.TransferStatus(referenceId), token),
            $"transfer status query for {MtnReference.Format(referenceId)}",
            ct);

    private static MtnMomoOptions ValidOrThrow(MtnMomoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.Validate());
        if (!options.HasDisbursementCredentials)
        {
            problems.Add(
                $"{MtnMomoOptions.SectionName}: payouts need {nameof(MtnMomoOptions.DisbursementSubscriptionKey)}, "
                + $"{nameof(MtnMomoOptions.DisbursementApiUser)} and {nameof(MtnMomoOptions.DisbursementApiKey)}.");
        }

        return problems.Count == 0 ? options : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }
}
