namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// Sets and clears the session cookies: HTTP-only, SameSite=Strict, and Secure unless the request is plain HTTP to
/// this machine's own name (localhost, 127.0.0.1, [::1]), the one place a browser app is served without TLS. The host
/// is the request's Host header; behind a TLS-terminating proxy that is the public name, so the cookies are Secure.
/// </summary>
public static class WebSessionCookies
{
    public static void Write(HttpContext http, string access, DateTimeOffset accessExpiresAt, string refresh, DateTimeOffset refreshExpiresAt)
    {
        http.Response.Cookies.Append(WebSessionOptions.AccessCookie, access, Options(http, "/", accessExpiresAt));
        http.Response.Cookies.Append(WebSessionOptions.RefreshCookie, refresh, Options(http, WebSessionOptions.RefreshCookiePath, refreshExpiresAt));
    }

    public static void Clear(HttpContext http)
    {
        http.Response.Cookies.Delete(WebSessionOptions.AccessCookie, Options(http, "/", null));
        http.Response.Cookies.Delete(WebSessionOptions.RefreshCookie, Options(http, WebSessionOptions.RefreshCookiePath, null));
    }

    /// <summary>Plain HTTP to the loopback names only: anything else gets Secure cookies.</summary>
    public static bool IsLocalPlainHttp(HttpRequest request) =>
        string.Equals(request.Scheme, "http", StringComparison.OrdinalIgnoreCase)
        && request.Host.Host.ToLowerInvariant() is "localhost" or "127.0.0.1" or "[::1]" or "::1";

    private static CookieOptions Options(HttpContext http, string path, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = !IsLocalPlainHttp(http.Request),
        Path = path,
        Expires = expires,
        IsEssential = true,
    };
}
