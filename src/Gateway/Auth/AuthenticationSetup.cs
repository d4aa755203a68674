using Enerlectra.Gateway.WebSessions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.Auth;

/// <summary>
/// API callers authenticate with a bearer token (apps, bots, meters) or a web session's cookie (the browser app): the
/// default scheme picks the bearer header when a request has one, else the cookie.
/// </summary>
public static class AuthenticationSetup
{
    public static WebApplicationBuilder AddGatewayAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);

        var useAuthority = !string.IsNullOrWhiteSpace(options.Authority);
        TokenSigningKey? signingKey = useAuthority && string.IsNullOrWhiteSpace(options.SigningKey) ? null : new TokenSigningKey(options);
        if (signingKey is not null)
        {
            builder.Services.AddSingleton(signingKey);
        }

        if (options.DevTokensEnabled)
        {
            builder.Services.AddSingleton<DevTokenIssuer>();
        }

        var validation = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = signingKey?.Key,
            ValidateIssuerSigningKey = true,
            NameClaimType = CallerIdentity.SubjectClaim,
            RoleClaimType = CallerIdentity.RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        builder.Services
            .AddAuthentication(WebSessionSchemes.BearerOrCookie)
            .AddPolicyScheme(WebSessionSchemes.BearerOrCookie, "Bearer header, else the web session cookie", policy =>
                policy.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0
                    ? JwtBearerDefaults.AuthenticationScheme
                    : WebSessionSchemes.Cookie)
            .AddJwtBearer(jwt =>
            {
                // Keep claim names as issued ("sub", "role") rather than mapping them to long URIs.
                jwt.MapInboundClaims = false;
                if (useAuthority)
                {
                    jwt.Authority = options.Authority;
                }

                jwt.TokenValidationParameters = validation.Clone();
                // A session's access token used as a bearer token ends with its session too.
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context => WebSessionAuthentication.RefuseUnlessLiveSessionAsync(context, required: false),
                    OnChallenge = BearerRefusals.ChallengeAsync,
                    OnForbidden = BearerRefusals.ForbiddenAsync,
                };
            })
            .AddWebSessionCookie(validation);
        builder.Services.AddAuthorization();
        return builder;
    }
}
