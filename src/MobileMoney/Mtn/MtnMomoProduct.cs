namespace Enerlectra.MobileMoney.Mtn;

/// <summary>
/// One MTN MoMo product (Collection or Disbursement). MTN gives each product its own subscription key, API user
/// and token endpoint, so a token issued for collections is useless for payouts and vice versa.
/// </summary>
/// <param name="Name">"collection" or "disbursement", for messages.</param>
/// <param name="TokenPath">The product's token endpoint, relative to the base URL.</param>
/// <param name="SubscriptionKey">The product's Ocp-Apim-Subscription-Key.</param>
/// <param name="ApiUser">The product's API user.</param>
/// <param name="ApiKey">The product's API key.</param>
/// <param name="CredentialHint">Which settings to check when MTN refuses the credentials.</param>
internal sealed record MtnMomoProduct(
    string Name,
    string TokenPath,
    string SubscriptionKey,
    string ApiUser,
    string ApiKey,
    string CredentialHint)
{
    public static MtnMomoProduct Collection(MtnMomoOptions options) => new(
        "collection",
        MtnPaths.Token,
        options.SubscriptionKey,
        options.ApiUser,
        options.ApiKey,
        $"Check {MtnMomoOptions.SectionName} ApiUser, ApiKey and SubscriptionKey.");

    public static MtnMomoProduct Disbursement(MtnMomoOptions options) => new(
        "disbursement",
        MtnPaths.DisbursementToken,
        options.DisbursementSubscriptionKey,
        options.DisbursementApiUser,
        options.DisbursementApiKey,
        $"Check {MtnMomoOptions.SectionName} DisbursementApiUser, DisbursementApiKey and DisbursementSubscriptionKey.");
}
