namespace Enerlectra.Gateway.Auth;

/// <summary>
/// Bearer token settings (configuration section "Auth"). Production: set <see cref="Authority"/> (an OpenID Connect
/// issuer) or a <see cref="SigningKey"/> shared with the token issuer, and leave <see cref="DevTokensEnabled"/> off.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public const string MeterRole = "meter";
    public const string OperatorRole = "operator";

    /// <summary>Lets anyone mint tokens through /api/auth/dev-token. Only for the default run and tests.</summary>
    public bool DevTokensEnabled { get; set; }

    public string Issuer { get; set; } = "enerlectra-dev";

    public string Audience { get; set; } = "enerlectra";

    /// <summary>Base64 HMAC-SHA256 key (at least 32 bytes). Empty with dev tokens on: a random key per process.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect authority whose keys sign production tokens.</summary>
    public string? Authority { get; set; }

    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
