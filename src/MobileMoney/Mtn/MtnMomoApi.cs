using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney.Mtn;

/// <summary>
/// The MTN MoMo wire protocol for one product: Basic-authenticated token, Bearer calls with the product's
/// subscription key, and the mapping of MTN's answers to <see cref="SubmitOutcome"/>, <see cref="CollectionStatus"/>
/// and our exceptions. Collections and payouts differ only in paths and bodies, so both clients use this.
/// </summary>
internal sealed class MtnMomoApi : MobileMoneyApi<MtnError>
{
    public const string DisplayName = "MTN MoMo";

    private readonly MtnMomoOptions _options;
    private readonly MtnMomoProduct _product;
    private readonly string _basicCredentials;

    public MtnMomoApi(HttpClient httpClient, MtnMomoOptions options, MtnMomoProduct product, MobileMoneySharedState shared, ILogger logger)
        : base(httpClient, options, options.BaseUrl!, MobileMoneyProvider.Mtn, DisplayName, shared, logger)
    {
        _options = options;
        _product = product;
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{product.ApiUser}:{product.ApiKey}"));
    }

    protected override string CredentialHint => _product.CredentialHint;

    /// <summary>Sends a create call (request-to-pay, transfer) whose 202 means accepted and 409 means a duplicate reference.</summary>
    public async Task<SubmitOutcome> SubmitAsync(
        Func<string, HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAuthorizedAsync(build, FetchTokenAsync, operation, cancellationToken).ConfigureAwait(false);
        return await SubmitOutcomeAsync(response, operation, cancellationToken).ConfigureAwait(false);
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
        using HttpResponseMessage response = await SendAuthorizedAsync(build, FetchTokenAsync, operation, cancellationToken).ConfigureAwait(false);
        return await StatusOutcomeAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds what every API call carries besides the token.</summary>
    public HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var message = new HttpRequestMessage(method, Resolve(path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Add(MtnHeaders.TargetEnvironment, _options.TargetEnvironment);
        return message;
    }

    protected override async Task<CollectionStatus> ReadStatusAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ParseStatus(text, operation);
    }

    protected override Task<MtnError> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        MtnError.ReadAsync(response, cancellationToken);

    protected override (string? Code, string? Message) Details(MtnError error) => (error.Code, error.Message);

    protected override bool IsUnknownReference(MtnError error) => error.Code == "RESOURCE_NOT_FOUND";

    /// <summary>Every MTN call, the token request included, carries the product's subscription key.</summary>
    protected override Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string operation, CancellationToken cancellationToken) =>
        Sender.SendAsync(
            () =>
            {
                HttpRequestMessage message = build();
                message.Headers.Add(MtnHeaders.SubscriptionKey, _product.SubscriptionKey);
                return message;
            },
            operation,
            cancellationToken);

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

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Expiry counts from before the request so that a slow response cannot make us keep the token too long.
        DateTimeOffset requestedAt = Sender.Shared.TimeProvider.GetUtcNow();
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
            throw CallFailed(response.StatusCode, error, $"{_product.Name} {operation}");
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

            Logger.LogInformation("MTN MoMo issued a {Product} access token valid for {Seconds} s", _product.Name, seconds);
            return new AccessToken(accessToken, requestedAt + TimeSpan.FromSeconds(seconds) - _options.TokenRefreshMargin);
        }
        catch (JsonException ex)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn, "MTN MoMo answered the token request with a body that is not JSON.", ex);
        }
    }
}
