using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.Auth;

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

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                // Keep claim names as issued ("sub", "role") rather than mapping them to long URIs.
                jwt.MapInboundClaims = false;
                if (useAuthority)
                {
                    jwt.Authority = options.Authority;
                }

                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = signingKey?.Key,
                    ValidateIssuerSigningKey = true,
                    NameClaimType = CallerIdentity.SubjectClaim,
                    RoleClaimType = CallerIdentity.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
