namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// Browser sessions (configuration section "WebSessions"): a short-lived access token and a rotating refresh token,
/// both in HTTP-only, SameSite=Strict cookies whose names and paths are fixed (the web app relies on them).
/// </summary>
public sealed class WebSessionOptions
{
    public const string SectionName = "WebSessions";

    public const string AccessCookie = "enerlectra_access";

    public const string RefreshCookie = "enerlectra_refresh";

    /// <summary>The refresh cookie is sent to the session routes only, never with API calls.</summary>
    public const string RefreshCookiePath = "/api/session";

    public const string CsrfHeader = "X-CSRF-Token";

    public const string DeviceHeader = "X-Device-Id";

    /// <summary>How long one access token (and so a revoked family's last one, on a gateway that has not seen the revocation) works.</summary>
    public TimeSpan AccessLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is usable after it was issued; each refresh issues a new one.</summary>
    public TimeSpan RefreshLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long a family (a sign-in and its refreshes) stays in storage after its refresh token expired (or, revoked,
    /// would have): a late refresh still hears "expired", and a theft's record can be read. Then it is deleted.
    /// </summary>
    public TimeSpan KeptAfterExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a gateway trusts that a family is still alive before asking its grain again. A revocation made on this
    /// gateway applies at once; one made on another gateway within this time.
    /// </summary>
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (AccessLifetime <= TimeSpan.Zero || RefreshLifetime <= AccessLifetime || RevocationCheckInterval < TimeSpan.Zero || KeptAfterExpiry < TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{SectionName}: AccessLifetime must be positive, RefreshLifetime longer than it, and RevocationCheckInterval and KeptAfterExpiry not negative.");
        }
    }
}
