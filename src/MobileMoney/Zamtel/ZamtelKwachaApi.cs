using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>
/// The provisional Zamtel Kwacha protocol (ZAMTEL.md): X-Api-Key auth, 202/409 on create, status by reference.
/// Collections and payouts differ only in path. Replace this class (and nothing else) when a real API exists.
/// </summary>
internal sealed class ZamtelKwachaApi : MobileMoneyApi<ZamtelStatusBody?>
{
    public const string DisplayName = "Zamtel Kwacha";

    private readonly ZamtelKwachaOptions _options;

    public ZamtelKwachaApi(HttpClient httpClient, ZamtelKwachaOptions options, MobileMoneySharedState shared, ILogger logger)
        : base(httpClient, ValidOrThrow(options), options.BaseUrl!, MobileMoneyProvider.Zamtel, DisplayName, shared, logger) =>
        _options = options;

    protected override string CredentialHint => $"Check {ZamtelKwachaOptions.SectionName} ApiKey.";

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
        using HttpResponseMessage response = await SendAsync(
            () => Request(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "application/json")),
            operation,
            cancellationToken).ConfigureAwait(false);
        return await SubmitOutcomeAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the status; 404 with code NOT_FOUND is <see cref="CollectionState.NotFound"/>, any other 404 unavailable.</summary>
    public async Task<CollectionStatus> QueryAsync(string path, string operation, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(
            () => Request(HttpMethod.Get, path, null),
            operation,
            cancellationToken).ConfigureAwait(false);
        return await StatusOutcomeAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<CollectionStatus> ReadStatusAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        ZamtelStatusBody? body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        if (body is null || !ZamtelStatusBody.TryMapState(body.Status, out CollectionState state))
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Zamtel,
                $"Zamtel Kwacha answered the {operation} with an unrecognised status '{body?.Status}'.");
        }

        return new CollectionStatus(state, body.Reason, body.TransactionId, body.AmountNgwee);
    }

    /// <summary>Reads the status object, which is also the error body ({code, message}).</summary>
    protected override async Task<ZamtelStatusBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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

    protected override (string? Code, string? Message) Details(ZamtelStatusBody? error) => (error?.Code, error?.Message);

    protected override bool IsUnknownReference(ZamtelStatusBody? error) => error?.Code == "NOT_FOUND";

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content)
    {
        var message = new HttpRequestMessage(method, Resolve(path)) { Content = content };
        message.Headers.Add(ZamtelPaths.ApiKeyHeader, _options.ApiKey);
        return message;
    }
}
