using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney;

/// <summary>
/// The MTN MoMo wire protocol for one product: Basic-authenticated token, Bearer calls with the product's
/// subscription key, and the mapping of MTN's answers to <see cref="SubmitOutcome"/>, <see cref="CollectionStatus"/>
/// and our exceptions. Collections and payouts differ only in paths and bodies, so both clients use this.
/// </summary>
internal sealed class MtnMomoApi
{
    private const string ProviderName = "MTN MoMo";

    private readonly MtnMomoOptions _options;
    private readonly MtnMomoProduct _product;
    private readonly Uri _baseUrl;
    private readonly string _basicCredentials;
    private readonly ResilientHttpSender _sender;
    private readonly ILogger _logger;

    public MtnMomoApi(HttpClient httpClient, MtnMomoOptions options, MtnMomoProduct product, MobileMoneySharedState shared, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options;
        _product = product;
        _logger = logger;

        // Uri resolution drops the last path segment unless the base ends with '/', which would lose e.g. "/momo".
        string baseText = options.BaseUrl!.AbsoluteUri;
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{product.ApiUser}:{product.ApiKey}"));
        _sender = new ResilientHttpSender(httpClient, shared, MobileMoneyProvider.Mtn, ProviderName, options.RequestTimeout);
    }

    public Uri Resolve(string relativePath) => new(_baseUrl, relativePath);

    /// <summary>Sends a create call (request-to-pay, transfer) whose 202 means accepted and 409 means a duplicate reference.</summary>
    public async Task<SubmitOutcome> SubmitAsync(
        Func<string, HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAuthorizedAsync(build, operation, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            _logger.LogInformation("MTN MoMo accepted {Operation}", operation);
            return SubmitOutcome.Accepted;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            _logger.LogInformation("MTN MoMo already has {Operation}", operation);
            return SubmitOutcome.AlreadySubmitted;
        }

        MtnError error = await MtnError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (MobileMoneyResilience.IsTransientStatus(response.StatusCode))
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn,
                $"MTN MoMo answered {(int)response.StatusCode} ({error}) to {operation} after retries; "
                + "the outcome is unknown, reconcile with a status query.");
        }

        throw Rejected(response.StatusCode, error, operation);
    }

    /// <summary>
    /// Sends a status query. A 404 counts as <see cref="CollectionState.NotFound"/> only when MTN says
    /// RESOURCE_NOT_FOUND; any other 404 (a wrong base URL, a proxy page) is reported as unavailable so that nobody
    /// resubmits on a misconfiguration.
    /// </summary>
    public async Task<CollectionStatus> QueryAsync(
        Func<string, HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAuthorizedAsync(build, operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ParseStatus(text, operation);
        }

        MtnError error = await MtnError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && error.Code == "RESOURCE_NOT_FOUND")
        {
            return new CollectionStatus(CollectionState.NotFound, null, null, null);
        }

        if (MobileMoneyResilience.IsTransientStatus(response.StatusCode) || response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn,
                $"MTN MoMo answered {(int)response.StatusCode} ({error}) to the {operation}.");
        }

        throw Rejected(response.StatusCode, error, operation);
    }

    /// <summary>Adds what every API call carries besides the token.</summary>
    public HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var message = new HttpRequestMessage(method, Resolve(path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Add(MtnHeaders.TargetEnvironment, _options.TargetEnvironment);
        return message;
    }

    private static CollectionStatus ParseStatus(string text, string operation)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string? status = root.ValueKind == JsonValueKind.Object ? MtnJson.ReadString(root, "status") : null;
            if (!MtnJson.TryReadState(status, out CollectionState state))
            {
                throw Malformed(operation, $"unrecognised status '{status}'");
            }

            if (!MtnJson.TryReadAmount(root, out long? amount))
            {
                throw Malformed(operation, "an amount that is not an exact Kwacha value");
            }

            return new CollectionStatus(
                state,
                MtnJson.ReadReason(root),
                MtnJson.ReadString(root, "financialTransactionId"),
                amount);
        }
        catch (JsonException ex)
        {
            throw Malformed(operation, "a body that is not JSON", ex);
        }
    }

    private static MobileMoneyUnavailableException Malformed(string operation, string what, Exception? inner = null) =>
        new(MobileMoneyProvider.Mtn, $"MTN MoMo answered the {operation} with {what}.", inner);

    private MobileMoneyRejectedException Rejected(HttpStatusCode status, MtnError error, string operation)
    {
        string hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " " + _product.CredentialHint : string.Empty;
        return new MobileMoneyRejectedException(
            MobileMoneyProvider.Mtn,
            status,
            error.Code,
            error.Message,
            $"MTN MoMo refused the {operation} with {(int)status} ({error}).{hint}");
    }

    /// <summary>Sends with the cached token; a 401 means MTN dropped the token early, so one fresh token is tried.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        Func<string, HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        AccessTokenCache tokens = _sender.Shared.Tokens;
        AccessToken token = await tokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await SendAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        _logger.LogInformation("MTN MoMo refused the access token for {Operation}; fetching a new one", operation);
        tokens.Invalidate(token);
        token = await tokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        return await SendAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string operation, CancellationToken cancellationToken) =>
        _sender.SendAsync(
            () =>
            {
                HttpRequestMessage message = build();
                message.Headers.Add(MtnHeaders.SubscriptionKey, _product.SubscriptionKey);
                return message;
            },
            operation,
            cancellationToken);

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Expiry counts from before the request so that a slow response cannot make us keep the token too long.
        DateTimeOffset requestedAt = _sender.Shared.TimeProvider.GetUtcNow();
        const string operation = "token request";
        using HttpResponseMessage response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Resolve(_product.TokenPath))
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials) },
            },
            operation,
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            MtnError error = await MtnError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (MobileMoneyResilience.IsTransientStatus(response.StatusCode))
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Mtn,
                    $"MTN MoMo answered {(int)response.StatusCode} ({error}) to the {_product.Name} token request.");
            }

            throw Rejected(response.StatusCode, error, $"{_product.Name} {operation}");
        }

        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string? accessToken = MtnJson.ReadString(root, "access_token");
            string? expiresIn = MtnJson.ReadString(root, "expires_in");
            if (string.IsNullOrEmpty(accessToken) || !long.TryParse(expiresIn, out long seconds) || seconds <= 0)
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Mtn, "MTN MoMo answered the token request without access_token and expires_in.");
            }

            _logger.LogInformation("MTN MoMo issued a {Product} access token valid for {Seconds} s", _product.Name, seconds);
            return new AccessToken(accessToken, requestedAt + TimeSpan.FromSeconds(seconds) - _options.TokenRefreshMargin);
        }
        catch (JsonException ex)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn, "MTN MoMo answered the token request with a body that is not JSON.", ex);
        }
    }
}
