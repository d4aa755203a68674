using Enerlectra.Gateway.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Orleans.Dashboard;

namespace Enerlectra.Gateway.Operators;

public static class OperatorDashboardSetup
{
    /// <summary>The operator session (cookie scheme, policy, antiforgery) and, when enabled, the dashboard's data.</summary>
    public static WebApplicationBuilder AddOperatorDashboard(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OperatorDashboardOptions.SectionName).Get<OperatorDashboardOptions>() ?? new();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<OperatorTokenValidator>();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "enerlectra-operator-csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
        });
        builder.Services.AddAuthentication().AddCookie(OperatorSession.Scheme, cookie =>
        {
            cookie.Cookie.Name = OperatorSession.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
            cookie.LoginPath = OperatorSession.SignInPath;
            cookie.AccessDeniedPath = OperatorSession.SignInPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = options.SessionLifetime;
            cookie.SlidingExpiration = false;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorSession.Policy, policy => policy
            .AddAuthenticationSchemes(OperatorSession.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(AuthOptions.OperatorRole));
        builder.Services.Configure<DashboardOptions>(dashboard => dashboard.HideTrace = options.HideTrace);
        return builder;
    }

    /// <summary>Sign-in and sign-out always; the dashboard itself only when enabled, and only for signed-in operators.</summary>
    public static WebApplication MapOperatorDashboard(this WebApplication app, OperatorDashboardOptions options)
    {
        app.MapOperatorSignIn();
        if (options.Enabled)
        {
            app.MapOrleansDashboard(routePrefix: OperatorSession.DashboardPath).RequireAuthorization(OperatorSession.Policy);
        }

        return app;
    }

    // Plain HTTP only on a developer's own machine; anywhere else the session cookie is sent over HTTPS only (the
    // gateway sits behind a TLS-terminating proxy in production).
    private static CookieSecurePolicy SecurePolicy(IWebHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
