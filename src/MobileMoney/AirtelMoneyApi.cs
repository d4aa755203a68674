using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney;

/// <summary>
/// The Airtel Africa Open API wire protocol: OAuth2 client-credentials token, Bearer calls with X-Country and
/// X-Currency, and the mapping of Airtel's envelopes to <see cref="SubmitOutcome"/>, <see cref="CollectionStatus"/>
/// and our exceptions. Collections and disbursements share it (and one token: it is one OAuth2 client).
/// </summary>
internal sealed class AirtelMoneyApi
{
    private const string ProviderName = "Airtel Money";

    private readonly AirtelMoneyOptions _options;
    private readonly Uri _baseUrl;
    private readonly ResilientHttpSender _sender;
    private readonly ILogger _logger;

    public AirtelMoneyApi(HttpClient httpClient, AirtelMoneyOptions options, MobileMoneySharedState shared, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options;
        _logger = logger;
        string baseText = options.BaseUrl!.AbsoluteUri;
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        _sender = new ResilientHttpSender(httpClient, shared, MobileMoneyProvider.Airtel, ProviderName, options.RequestTimeout);
    }

    public static AirtelMoneyOptions ValidOrThrow(AirtelMoneyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? options : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }

    /// <summary>
    /// Posts a collection or disbursement. Airtel may refuse with an HTTP error or with HTTP 200 and
    /// status.success=false; a duplicate id (HTTP 409, status.code "409" or <see cref="AirtelEnvelope.DuplicateResultCode"/>)
    /// is <see cref="SubmitOutcome.AlreadySubmitted"/>.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(string path, string body, string operation, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAuthorizedAsync(
            token =>
            {
                HttpRequestMessage message = Authorized(HttpMethod.Post, path, token);
                message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return message;
            },
            operation,
            cancellationToken).ConfigureAwait(false);
        AirtelEnvelope envelope = await AirtelEnvelope.ReadAsync(response, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.Conflict || envelope.IsDuplicate)
        {
            _logger.LogInformation("Airtel Money already has {Operation}", operation);
            return SubmitOutcome.AlreadySubmitted;
        }

        if (response.IsSuccessStatusCode && envelope.Success != false)
        {
            _logger.LogInformation("Airtel Money accepted {Operation}", operation);
            return SubmitOutcome.Accepted;
        }

        if (MobileMoneyResilience.IsTransientStatus(response.StatusCode))
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Airtel,
                $"Airtel Money answered {(int)response.StatusCode} ({envelope}) to {operation} after retries; "
                + "the outcome is unknown, reconcile with a status query.");
        }

        throw Rejected(response.StatusCode, envelope, operation);
    }

    /// <summary>
    /// Queries a transaction. A 404 is <see cref="CollectionState.NotFound"/> only when it carries Airtel's status
    /// envelope; a bare 404 (wrong base URL, proxy page) is "unavailable" so nobody resubmits on a misconfiguration.
    /// </summary>
    public async Task<CollectionStatus> QueryAsync(string path, string operation, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAuthorizedAsync(
            token => Authorized(HttpMethod.Get, path, token),
            operation,
            cancellationToken).ConfigureAwait(false);
        AirtelEnvelope envelope = await AirtelEnvelope.ReadAsync(response, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.NotFound && envelope.HasStatus)
        {
            return new CollectionStatus(CollectionState.NotFound, null, null, null);
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            if (!AirtelTransactionStatus.TryMap(envelope.TransactionStatus, out CollectionState state))
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Airtel,
                    $"Airtel Money answered the {operation} with an unrecognised status '{envelope.TransactionStatus}' ({envelope}).");
            }

            string? reason = state == CollectionState.Failed
                ? envelope.TransactionMessage ?? envelope.TransactionStatus
                : null;
            return new CollectionStatus(state, reason, envelope.AirtelMoneyId, null);
        }

        if (MobileMoneyResilience.IsTransientStatus(response.StatusCode) || response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Airtel,
                $"Airtel Money answered {(int)response.StatusCode} ({envelope}) to the {operation}.");
        }

        throw Rejected(response.StatusCode, envelope, operation);
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var message = new HttpRequestMessage(method, new Uri(_baseUrl, path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Add(AirtelPaths.CountryHeader, _options.Country);
        message.Headers.Add(AirtelPaths.CurrencyHeader, _options.Currency);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return message;
    }

    private static MobileMoneyRejectedException Rejected(HttpStatusCode status, AirtelEnvelope envelope, string operation)
    {
        string hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $" Check {AirtelMoneyOptions.SectionName} ClientId and ClientSecret."
            : string.Empty;
        return new MobileMoneyRejectedException(
            MobileMoneyProvider.Airtel,
            status,
            envelope.ResultCode ?? envelope.Code,
            envelope.Message,
            $"Airtel Money refused the {operation} with {(int)status} ({envelope}).{hint}");
    }

    /// <summary>Sends with the cached token; a 401 means Airtel dropped the token early, so one fresh token is tried.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        Func<string, HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        AccessTokenCache tokens = _sender.Shared.Tokens;
        AccessToken token = await tokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await _sender.SendAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        _logger.LogInformation("Airtel Money refused the access token for {Operation}; fetching a new one", operation);
        tokens.Invalidate(token);
        token = await tokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        return await _sender.SendAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Expiry counts from before the request so that a slow response cannot make us keep the token too long.
        DateTimeOffset requestedAt = _sender.Shared.TimeProvider.GetUtcNow();
        string body = AirtelRequestBodies.Token(_options);
        using HttpResponseMessage response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, AirtelPaths.Token))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            },
            "token request",
            cancellationToken).ConfigureAwait(false);

        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            AirtelEnvelope error = AirtelEnvelope.Parse(text);
            if (MobileMoneyResilience.IsTransientStatus(response.StatusCode))
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Airtel,
                    $"Airtel Money answered {(int)response.StatusCode} ({error}) to the token request.");
            }

            throw Rejected(response.StatusCode, error, "token request");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string? accessToken = root.ValueKind == JsonValueKind.Object ? MtnJson.ReadString(root, "access_token") : null;

            // Airtel has sent expires_in both as a number and as a string ("180"); ReadString accepts both.
            string? expiresIn = root.ValueKind == JsonValueKind.Object ? MtnJson.ReadString(root, "expires_in") : null;
            if (string.IsNullOrEmpty(accessToken) || !long.TryParse(expiresIn, out long seconds) || seconds <= 0)
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Airtel, "Airtel Money answered the token request without access_token and expires_in.");
            }

            _logger.LogInformation("Airtel Money issued an access token valid for {Seconds} s", seconds);
            return new AccessToken(accessToken, requestedAt + TimeSpan.FromSeconds(seconds) - _options.TokenRefreshMargin);
        }
        catch (JsonException ex)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Airtel, "Airtel Money answered the token request with a body that is not JSON.", ex);
        }
    }
}
