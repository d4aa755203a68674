namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>
/// Settings for the Zamtel Kwacha clients, bound from the <see cref="SectionName"/> configuration section.
/// The protocol is provisional (ours, see ZAMTEL.md) until Zamtel or an aggregator offers an API.
/// </summary>
public sealed class ZamtelKwachaOptions : MobileMoneyClientOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MobileMoney:Zamtel";

    /// <summary>Root of the Zamtel Kwacha API (or of the aggregator fronting it); any path is kept.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The key sent as X-Api-Key on every call.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is not { IsAbsoluteUri: true })
        {
            problems.Add($"{SectionName}:{nameof(BaseUrl)} must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add($"{SectionName}:{nameof(ApiKey)} is required.");
        }

        ValidateResilience(SectionName, problems);
        return problems;
    }
}
