namespace Enerlectra.Gateway.WebSessions;

/// <summary>The authentication schemes API calls are checked with, and the claim that ties a token to its session.</summary>
public static class WebSessionSchemes
{
    /// <summary>The access token read from the <see cref="WebSessionOptions.AccessCookie"/> cookie.</summary>
    public const string Cookie = "WebSessionCookie";

    /// <summary>The default scheme: the bearer header when the request has one, else the session cookie.</summary>
    public const string BearerOrCookie = "BearerOrWebSession";

    /// <summary>The refresh-token family an access token belongs to (JWT "sid", session id).</summary>
    public const string FamilyClaim = "sid";
}
