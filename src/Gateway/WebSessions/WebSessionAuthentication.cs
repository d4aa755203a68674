using Enerlectra.Gateway.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// The session cookie as an authentication scheme (a JWT read from <see cref="WebSessionOptions.AccessCookie"/>), and
/// the check that a token of a revoked family no longer works, for cookie and bearer alike.
/// </summary>
public static class WebSessionAuthentication
{
    public static AuthenticationBuilder AddWebSessionCookie(this AuthenticationBuilder authentication, TokenValidationParameters validation) =>
        authentication.AddJwtBearer(WebSessionSchemes.Cookie, jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = validation.Clone();
            // Marks the identity, so the CSRF check knows a cookie (which a browser sends by itself) authenticated it.
            jwt.TokenValidationParameters.AuthenticationType = WebSessionSchemes.Cookie;
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    context.Token = context.Request.Cookies[WebSessionOptions.AccessCookie];
                    return Task.CompletedTask;
                },
                OnTokenValidated = context => RefuseUnlessLiveSessionAsync(context, required: true),
                OnChallenge = BearerRefusals.ChallengeAsync,
                OnForbidden = BearerRefusals.ForbiddenAsync,
            };
        });

    /// <summary>
    /// Fails a token that names a revoked family (or, from the cookie, names none: only session tokens belong there).
    /// Tokens of the identity provider name no family and are left alone.
    /// </summary>
    public static async Task RefuseUnlessLiveSessionAsync(TokenValidatedContext context, bool required)
    {
        var familyId = context.Principal?.FindFirst(WebSessionSchemes.FamilyClaim)?.Value;
        if (familyId is null)
        {
            if (required)
            {
                context.Fail("Not a web session token.");
            }

            return;
        }

        var revocations = context.HttpContext.RequestServices.GetService<WebSessionRevocations>();
        if (revocations is null || !WebSessionTokens.IsFamilyId(familyId) || !await revocations.IsActiveAsync(familyId))
        {
            context.Fail("The web session has ended.");
        }
    }
}
