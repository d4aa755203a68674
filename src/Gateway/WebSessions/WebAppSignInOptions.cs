namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// How households sign in to the web app when dev sign-in is off (configuration section "WebApp"): the app shows
/// "Sign in with <see cref="SignInName"/>", a link to <see cref="SignInUrl"/>, the configured issuer's sign-in page.
/// The issuer sends the browser back to the app with its token in the address's fragment
/// (<c>https://app.example/#access_token=JWT</c>, or <c>id_token</c>); the app exchanges it once at
/// <c>POST /api/session</c> for the cookie session and removes it from the address.
/// </summary>
public sealed class WebAppSignInOptions
{
    public const string SectionName = "WebApp";

    /// <summary>The issuer's sign-in page; absolute http(s). Empty: the app says sign-in is not set up.</summary>
    public string? SignInUrl { get; set; }

    /// <summary>The issuer's name as households know it.</summary>
    public string SignInName { get; set; } = "your account";

    public void Validate()
    {
        if (!string.IsNullOrEmpty(SignInUrl)
            && (!Uri.TryCreate(SignInUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            throw new InvalidOperationException($"{SectionName}:SignInUrl must be an absolute http(s) address, not '{SignInUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(SignInName) || SignInName.Length > 60)
        {
            throw new InvalidOperationException($"{SectionName}:SignInName must be 1-60 characters.");
        }
    }
}
