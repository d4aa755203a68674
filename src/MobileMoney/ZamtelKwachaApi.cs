using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney;

/// <summary>
/// The provisional Zamtel Kwacha protocol (ZAMTEL.md): X-Api-Key auth, 202/409 on create, status by reference.
/// Collections and payouts differ only in path. Replace this class (and nothing else) when a real API exists.
/// </summary>
internal sealed class ZamtelKwachaApi
{
    private const string ProviderName = "Zamtel Kwacha";

    private readonly ZamtelKwachaOptions _options;
    private readonly Uri _baseUrl;
    private readonly ResilientHttpSender _sender;
    private readonly ILogger _logger;

    public ZamtelKwachaApi(HttpClient httpClient, ZamtelKwachaOptions options, MobileMoneySharedState shared, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = ValidOrThrow(options);
        _logger = logger;
        string baseText = options.BaseUrl!.AbsoluteUri;
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        _sender = new ResilientHttpSender(httpClient, shared, MobileMoneyProvider.Zamtel, ProviderName, options.RequestTimeout);
    }

    public static ZamtelKwachaOptions ValidOrThrow(ZamtelKwachaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? options : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }

    /// <summary>Posts {reference, msisdn, amountNgwee, narration}: 2xx accepted, 409 duplicate reference.</summary>
    public async Task<SubmitOutcome> SubmitAsync(
        string path,
        Guid referenceId,
        string msisdn,
        long amountNgwee,
        string narration,
        string operation,
        CancellationToken cancellationToken)
    {
        string body = JsonSerializer.Serialize(new
        {
            reference = ZamtelPaths.Format(referenceId),
            msisdn,
            amountNgwee,
            narration,
        });
        using HttpResponseMessage response = await _sender.SendAsync(
            () => Request(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "application/json")),
            operation,
            cancellationToken).ConfigureAwait(false);

        if (response.IsSuccessStatusCode)
        {
            _logger.LogInformation("Zamtel Kwacha accepted {Operation}", operation);
            return SubmitOutcome.Accepted;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            _logger.LogInformation("Zamtel Kwacha already has {Operation}", operation);
            return SubmitOutcome.AlreadySubmitted;
        }

        ZamtelStatusBody? error = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (MobileMoneyResilience.IsTransientStatus(response.StatusCode))
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Zamtel,
                $"Zamtel Kwacha answered {(int)response.StatusCode} ({Describe(error)}) to {operation} after retries; "
                + "the outcome is unknown, reconcile with a status query.");
        }

        throw Rejected(response.StatusCode, error, operation);
    }

    /// <summary>Gets the status; 404 with code NOT_FOUND is <see cref="CollectionState.NotFound"/>, any other 404 unavailable.</summary>
    public async Task<CollectionStatus> QueryAsync(string path, string operation, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _sender.SendAsync(
            () => Request(HttpMethod.Get, path, null),
            operation,
            cancellationToken).ConfigureAwait(false);
        ZamtelStatusBody? body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.OK)
        {
            if (body is null || !ZamtelStatusBody.TryMapState(body.Status, out CollectionState state))
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Zamtel,
                    $"Zamtel Kwacha answered the {operation} with an unrecognised status '{body?.Status}'.");
            }

            return new CollectionStatus(state, body.Reason, body.TransactionId, body.AmountNgwee);
        }

        if (response.StatusCode == HttpStatusCode.NotFound && body?.Code == "NOT_FOUND")
        {
            return new CollectionStatus(CollectionState.NotFound, null, null, null);
        }

        if (MobileMoneyResilience.IsTransientStatus(response.StatusCode) || response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Zamtel,
                $"Zamtel Kwacha answered {(int)response.StatusCode} ({Describe(body)}) to the {operation}.");
        }

        throw Rejected(response.StatusCode, body, operation);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content)
    {
        var message = new HttpRequestMessage(method, new Uri(_baseUrl, path)) { Content = content };
        message.Headers.Add(ZamtelPaths.ApiKeyHeader, _options.ApiKey);
        return message;
    }

    private static async Task<ZamtelStatusBody?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return ZamtelStatusBody.TryParse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string Describe(ZamtelStatusBody? body) => body?.ToString() ?? "no error details";

    private static MobileMoneyRejectedException Rejected(HttpStatusCode status, ZamtelStatusBody? error, string operation)
    {
        string hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $" Check {ZamtelKwachaOptions.SectionName} ApiKey."
            : string.Empty;
        return new MobileMoneyRejectedException(
            MobileMoneyProvider.Zamtel,
            status,
            error?.Code,
            error?.Message,
            $"Zamtel Kwacha refused the {operation} with {(int)status} ({Describe(error)}).{hint}");
    }
}
