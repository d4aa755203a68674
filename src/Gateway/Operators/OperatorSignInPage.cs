using System.Text.Encodings.Web;

namespace Enerlectra.Gateway.Operators;

/// <summary>The sign-in form in front of the operator pages: plain HTML, no script, every value encoded.</summary>
public static class OperatorSignInPage
{
    public static string Render(string antiforgeryField, string antiforgeryToken, string returnUrl, string? message, bool devTokens, string? signedInAs)
    {
        var html = HtmlEncoder.Default;
        var error = message is null ? "" : $"<p role=\"alert\" class=\"error\">{html.Encode(message)}</p>";
        var hidden = $"<input type=\"hidden\" name=\"{html.Encode(antiforgeryField)}\" value=\"{html.Encode(antiforgeryToken)}\">" +
                     $"<input type=\"hidden\" name=\"returnUrl\" value=\"{html.Encode(returnUrl)}\">";
        var current = signedInAs is null ? "" :
            $"<form method=\"post\" action=\"{OperatorSession.SignOutPath}\">{hidden}<p>Signed in as {html.Encode(signedInAs)}. " +
            "<button type=\"submit\">Sign out</button></p></form>";
        var development = !devTokens ? "" : $"""
            <h2>Development profile</h2>
            <form method="post" action="{OperatorSession.SignInPath}">{hidden}
              <label for="devOperator">Sign in as operator (development tokens)</label>
              <input id="devOperator" name="devOperator" value="operator-1" maxlength="64" autocomplete="username">
              <button type="submit">Sign in</button>
            </form>
            """;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Enerlectra operator sign-in</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
                label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
                input, textarea { width: 100%; font: inherit; padding: .5rem; border: 2px solid #333; box-sizing: border-box; }
                button { margin-top: .75rem; font: inherit; padding: .5rem 1.25rem; background: #0b5394; color: #fff; border: 0; }
                .error { color: #8b0000; font-weight: 600; }
              </style>
            </head>
            <body>
              <h1>Operator sign-in</h1>
              <p>The operations dashboard shows internals of the trading server and is for operators only.</p>
              {{error}}{{current}}
              <form method="post" action="{{OperatorSession.SignInPath}}">{{hidden}}
                <label for="token">Operator access token</label>
                <textarea id="token" name="token" rows="5" autocomplete="off" spellcheck="false" required></textarea>
                <button type="submit">Sign in</button>
              </form>
              {{development}}
            </body>
            </html>
            """;
    }
}
