namespace Enerlectra.MobileMoney.Mtn;

/// <summary>Settings for <see cref="MtnMomoClient"/>, bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class MtnMomoOptions : MobileMoneyClientOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MobileMoney:Mtn";

    /// <summary>Root of the MTN MoMo API, e.g. "https://proxy.momoapi.mtn.com/" (any path is kept).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Collection product's primary key, sent as Ocp-Apim-Subscription-Key on every call.</summary>
    public string SubscriptionKey { get; set; } = string.Empty;

    /// <summary>The API user (a UUID issued by MTN).</summary>
    public string ApiUser { get; set; } = string.Empty;

    /// <summary>The API key paired with <see cref="ApiUser"/>.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The X-Target-Environment header value.</summary>
    public string TargetEnvironment { get; set; } = "mtnzambia";

    /// <summary>The ISO currency sent with every collection.</summary>
    public string Currency { get; set; } = "ZMW";

    /// <summary>
    /// Base for relative <see cref="CollectionRequest.CallbackUrl"/> values; absolute callback URLs are sent as they are.
    /// </summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary>The note shown to us (the payee) on each collection.</summary>
    public string PayeeNote { get; set; } = "Enerlectra";

    /// <summary>
    /// The Disbursement product's primary key (MTN issues one subscription per product), sent as
    /// Ocp-Apim-Subscription-Key on payout calls. Leave the three Disbursement settings empty to not pay out via MTN.
    /// </summary>
    public string DisbursementSubscriptionKey { get; set; } = string.Empty;

    /// <summary>The API user provisioned under the Disbursement subscription.</summary>
    public string DisbursementApiUser { get; set; } = string.Empty;

    /// <summary>The API key paired with <see cref="DisbursementApiUser"/>.</summary>
    public string DisbursementApiKey { get; set; } = string.Empty;

    /// <summary>Whether all three Disbursement credentials are set.</summary>
    public bool HasDisbursementCredentials =>
        !string.IsNullOrWhiteSpace(DisbursementSubscriptionKey)
        && !string.IsNullOrWhiteSpace(DisbursementApiUser)
        && !string.IsNullOrWhiteSpace(DisbursementApiKey);

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is not { IsAbsoluteUri: true })
        {
            problems.Add($"{SectionName}:{nameof(BaseUrl)} must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(SubscriptionKey))
        {
            problems.Add($"{SectionName}:{nameof(SubscriptionKey)} is required.");
        }

        if (string.IsNullOrWhiteSpace(ApiUser) || string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add($"{SectionName}:{nameof(ApiUser)} and {nameof(ApiKey)} are required.");
        }

        if (string.IsNullOrWhiteSpace(TargetEnvironment) || string.IsNullOrWhiteSpace(Currency))
        {
            problems.Add($"{SectionName}:{nameof(TargetEnvironment)} and {nameof(Currency)} are required.");
        }

        if (CallbackBaseUrl is { IsAbsoluteUri: false })
        {
            problems.Add($"{SectionName}:{nameof(CallbackBaseUrl)} must be an absolute URL.");
        }

        bool anyDisbursement = !string.IsNullOrWhiteSpace(DisbursementSubscriptionKey)
            || !string.IsNullOrWhiteSpace(DisbursementApiUser)
            || !string.IsNullOrWhiteSpace(DisbursementApiKey);
        if (anyDisbursement && !HasDisbursementCredentials)
        {
            problems.Add(
                $"{SectionName}: {nameof(DisbursementSubscriptionKey)}, {nameof(DisbursementApiUser)} and "
                + $"{nameof(DisbursementApiKey)} go together; set all three or none.");
        }

        ValidateResilience(SectionName, problems);
        return problems;
    }
}
