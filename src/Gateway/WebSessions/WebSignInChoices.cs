namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// GET /api/session/sign-in (JSON, camelCase): whether signing in by name is open (Development only), and the
/// configured issuer's name and sign-in page (empty when none is configured).
/// </summary>
public sealed record WebSignInChoices(bool DevSignIn, string IssuerName, string SignInUrl);
