namespace Enerlectra.Sandbox;

/// <summary>Settings of the mobile money sandbox, bound from the "Sandbox" configuration section when run alone.</summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section these options are bound from by Program.cs.</summary>
    public const string SectionName = "Sandbox";

    /// <summary>Where <see cref="MobileMoneySandbox.StartAsync"/> listens; port 0 picks a free port.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The API user accepted by the token endpoint.</summary>
    public string ApiUser { get; set; } = "2f1b7a52-5c1d-4f51-9a3e-0d3c8a7b6e11";

    /// <summary>The API key accepted by the token endpoint.</summary>
    public string ApiKey { get; set; } = "sandbox-api-key";

    /// <summary>The Ocp-Apim-Subscription-Key required on every call.</summary>
    public string SubscriptionKey { get; set; } = "sandbox-subscription-key";

    /// <summary>The X-Target-Environment required on API calls.</summary>
    public string TargetEnvironment { get; set; } = "mtnzambia";

    /// <summary>The only currency accepted.</summary>
    public string Currency { get; set; } = "ZMW";

    /// <summary>Lifetime reported as expires_in for issued tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the simulated payer takes to answer the prompt (and an expiry takes to happen).
    /// Zero settles the outcome before the request-to-pay response is sent, which makes tests deterministic.
    /// </summary>
    public TimeSpan ApproveDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after the outcome is final the callback is sent.</summary>
    public TimeSpan CallbackDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Send the failure reason as an object {code, message} instead of a bare string (MTN has done both).</summary>
    public bool ReasonAsObject { get; set; }

    /// <summary>
    /// Scenario 0011: how long the first arrival's response is held back (the request is recorded at once).
    /// Set it beyond the client's per-attempt timeout so that the client retries.
    /// </summary>
    public TimeSpan SlowResponseDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The MTN Disbursement product's Ocp-Apim-Subscription-Key.</summary>
    public string DisbursementSubscriptionKey { get; set; } = "sandbox-disbursement-subscription-key";

    /// <summary>The API user accepted by /disbursement/token/.</summary>
    public string DisbursementApiUser { get; set; } = "7c4e2b91-3d6a-4f0e-8b1c-5a9d2e6f7a10";

    /// <summary>The API key accepted by /disbursement/token/.</summary>
    public string DisbursementApiKey { get; set; } = "sandbox-disbursement-api-key";

    /// <summary>The OAuth2 client id accepted by Airtel's /auth/oauth2/token.</summary>
    public string AirtelClientId { get; set; } = "sandbox-airtel-client";

    /// <summary>The OAuth2 client secret accepted by Airtel's /auth/oauth2/token.</summary>
    public string AirtelClientSecret { get; set; } = "sandbox-airtel-secret";

    /// <summary>Send Airtel's expires_in as a string ("3600") instead of a number (Airtel has done both).</summary>
    public bool AirtelExpiresInAsString { get; set; }

    /// <summary>The X-Country Airtel calls must carry.</summary>
    public string AirtelCountry { get; set; } = "ZM";

    /// <summary>The "pin" Airtel disbursements must carry (encrypted in real life; a plain string here).</summary>
    public string AirtelDisbursementPin { get; set; } = "sandbox-airtel-pin";

    /// <summary>
    /// Where Airtel callbacks go, a template with a {reference} placeholder, e.g.
    /// "http://127.0.0.1:5080/api/callbacks/airtel/{reference}". Real Airtel posts to the URL configured on the
    /// application, not one per request. Null sends no Airtel callbacks.
    /// </summary>
    public string? AirtelCallbackUrl { get; set; }

    /// <summary>When set, Airtel callbacks carry "hash": base64 HMAC-SHA256 of the "transaction" object text under this key.</summary>
    public string? AirtelCallbackSecret { get; set; }

    /// <summary>The X-Api-Key of the provisional Zamtel protocol.</summary>
    public string ZamtelApiKey { get; set; } = "sandbox-zamtel-api-key";

    /// <summary>Where Zamtel callbacks go, a template with a {reference} placeholder; null sends none.</summary>
    public string? ZamtelCallbackUrl { get; set; }
}
