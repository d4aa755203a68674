namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// What the session routes answer (JSON, camelCase): who is signed in, the CSRF token to send with every API call
/// other than GET/HEAD/OPTIONS, and when the access token expires (refresh before then).
/// </summary>
public sealed record WebSessionView(string UserId, IReadOnlyList<string> Roles, string CsrfToken, DateTimeOffset AccessExpiresAt);
