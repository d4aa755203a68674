namespace Enerlectra.MobileMoney.Airtel;

/// <summary>Settings for the Airtel Money clients, bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class AirtelMoneyOptions : MobileMoneyClientOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MobileMoney:Airtel";

    /// <summary>Root of the Airtel Africa Open API, e.g. "https://openapi.airtel.africa/" (any path is kept).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The OAuth2 client id of our Airtel application.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The OAuth2 client secret paired with <see cref="ClientId"/>.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// The key Airtel signs callbacks with (see <see cref="AirtelCallbackVerifier"/>), or empty when callback
    /// signing is not enabled on the account; callbacks are then only hints confirmed by a status query.
    /// </summary>
    public string? CallbackSecret { get; set; }

    /// <summary>The X-Country header and subscriber/transaction country (ISO 3166 alpha-2).</summary>
    public string Country { get; set; } = "ZM";

    /// <summary>The X-Currency header and subscriber/transaction currency.</summary>
    public string Currency { get; set; } = "ZMW";

    /// <summary>
    /// The "pin" field of disbursements. Airtel expects our wallet PIN encrypted with their RSA public key; store the
    /// already-encrypted value here (it is sent as it is). Empty disables Airtel payouts.
    /// </summary>
    public string DisbursementPin { get; set; } = string.Empty;

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is not { IsAbsoluteUri: true })
        {
            problems.Add($"{SectionName}:{nameof(BaseUrl)} must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret))
        {
            problems.Add($"{SectionName}:{nameof(ClientId)} and {nameof(ClientSecret)} are required.");
        }

        if (string.IsNullOrWhiteSpace(Country) || string.IsNullOrWhiteSpace(Currency))
        {
            problems.Add($"{SectionName}:{nameof(Country)} and {nameof(Currency)} are required.");
        }

        ValidateResilience(SectionName, problems);
        return problems;
    }
}
