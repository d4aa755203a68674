using Enerlectra.Gateway.Auth;

namespace Enerlectra.Gateway.WebSessions;

public static class WebSessionSetup
{
    /// <summary>
    /// Web sessions' services and CSRF check (after <see cref="AuthenticationSetup.AddGatewayAuthentication"/>). Sessions are signed with Auth:SigningKey; a gateway without one (an
    /// identity provider only) serves no session routes, and the cookie scheme then accepts nothing.
    /// </summary>
    public static WebApplicationBuilder AddWebSessions(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(WebSessionOptions.SectionName).Get<WebSessionOptions>() ?? new();
        options.Validate();
        builder.Services.AddSingleton(options);
        var signIn = builder.Configuration.GetSection(WebAppSignInOptions.SectionName).Get<WebAppSignInOptions>() ?? new();
        signIn.Validate();
        builder.Services.AddSingleton(signIn);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<WebSessionRevocations>();
        if (builder.Services.Any(service => service.ServiceType == typeof(TokenSigningKey)))
        {
            builder.Services.AddSingleton<WebSessionTokens>();
        }

        builder.Services.AddSingleton<CsrfProtection>();
        return builder;
    }

    /// <summary>The session routes, when this gateway can sign sessions.</summary>
    public static WebApplication MapWebSessions(this WebApplication app)
    {
        if (app.Services.GetService<TokenSigningKey>() is null)
        {
            app.Logger.LogWarning("No Auth:SigningKey: web sessions (/api/session) are off; configure one to serve the browser app.");
            return app;
        }

        WebSessionEndpoints.MapWebSessions(app);
        return app;
    }
}
