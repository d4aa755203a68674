using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enerlectra.MobileMoney.Mtn;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// The Airtel Africa Open API wire protocol: OAuth2 client-credentials token, Bearer calls with X-Country and
/// X-Currency, and the mapping of Airtel's envelopes to <see cref="SubmitOutcome"/>, <see cref="CollectionStatus"/>
/// and our exceptions. Collections and disbursements share it (and one token: it is one OAuth2 client).
/// </summary>
internal sealed class AirtelMoneyApi : MobileMoneyApi<AirtelEnvelope>
{
    public const string DisplayName = "Airtel Money";

    private readonly AirtelMoneyOptions _options;

    public AirtelMoneyApi(HttpClient httpClient, AirtelMoneyOptions options, MobileMoneySharedState shared, ILogger logger)
        : base(httpClient, options, options.BaseUrl!, MobileMoneyProvider.Airtel, DisplayName, shared, logger) =>
        _options = options;

    protected override string CredentialHint => $"Check {AirtelMoneyOptions.SectionName} ClientId and ClientSecret.";

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
            FetchTokenAsync,
            operation,
            cancellationToken).ConfigureAwait(false);
        return await SubmitOutcomeAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queries a transaction. A 404 is <see cref="CollectionState.NotFound"/> only when it carries Airtel's status
    /// envelope; a bare 404 (wrong base URL, proxy page) is "unavailable" so nobody resubmits on a misconfiguration.
    /// </summary>
    public async Task<CollectionStatus> QueryAsync(string path, string operation, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAuthorizedAsync(
            token => Authorized(HttpMethod.Get, path, token),
            FetchTokenAsync,
            operation,
            cancellationToken).ConfigureAwait(false);
        return await StatusOutcomeAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Airtel's envelope decides before the HTTP status: a duplicate may come with 200, and so may a refusal.</summary>
    protected override async Task<SubmitOutcome> SubmitOutcomeAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        AirtelEnvelope envelope = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict || envelope.IsDuplicate)
        {
            return AlreadySubmitted(operation);
        }

        if (response.IsSuccessStatusCode && envelope.Success != false)
        {
            return Accepted(operation);
        }

        throw SubmitFailed(response.StatusCode, envelope, operation);
    }

    protected override async Task<CollectionStatus> ReadStatusAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        AirtelEnvelope envelope = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Reads Airtel's envelope, which carries errors and transactions alike.</summary>
    protected override Task<AirtelEnvelope> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        AirtelEnvelope.ReadAsync(response, cancellationToken);

    protected override (string? Code, string? Message) Details(AirtelEnvelope error) => (error.ResultCode ?? error.Code, error.Message);

    protected override bool IsUnknownReference(AirtelEnvelope error) => error.HasStatus;

    private HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var message = new HttpRequestMessage(method, Resolve(path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Add(AirtelPaths.CountryHeader, _options.Country);
        message.Headers.Add(AirtelPaths.CurrencyHeader, _options.Currency);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return message;
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Expiry counts from before the request so that a slow response cannot make us keep the token too long.
        DateTimeOffset requestedAt = Sender.Shared.TimeProvider.GetUtcNow();
        string body = AirtelRequestBodies.Token(_options);
        using HttpResponseMessage response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Resolve(AirtelPaths.Token))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            },
            "token request",
            cancellationToken).ConfigureAwait(false);

        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw CallFailed(response.StatusCode, AirtelEnvelope.Parse(text), "token request");
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

            Logger.LogInformation("Airtel Money issued an access token valid for {Seconds} s", seconds);
            return new AccessToken(accessToken, requestedAt + TimeSpan.FromSeconds(seconds) - _options.TokenRefreshMargin);
        }
        catch (JsonException ex)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Airtel, "Airtel Money answered the token request with a body that is not JSON.", ex);
        }
    }
}
