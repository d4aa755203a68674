using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>
/// One browser sign-in and every session rotated from it (a refresh-token family), keyed by a random family id. It
/// holds only hashes of refresh tokens, the device the family is bound to, and whether it is still alive, so any
/// gateway can refresh or revoke it and a restart forgets nothing.
/// </summary>
[Alias("enerlectra.IWebSessionFamilyGrain")]
public interface IWebSessionFamilyGrain : IGrainWithStringKey
{
    /// <summary>Starts the family with its first refresh token. A family starts once; a second start is refused.</summary>
    [Alias("Start")]
    Task<bool> StartAsync(WebSessionStart start);

    /// <summary>
    /// Consumes the presented refresh token and makes <see cref="WebSessionRefresh.NextHash"/> the current one; a token
    /// already consumed revokes the whole family, one from another device is refused. Every refusal but an unknown
    /// token is recorded in the family's events.
    /// </summary>
    [Alias("Rotate")]
    Task<WebSessionRotation> RotateAsync(WebSessionRefresh refresh);

    /// <summary>Ends the family (idempotent): its refresh token is refused and its access tokens stop working.</summary>
    [Alias("Revoke")]
    Task RevokeAsync(string reason);

    /// <summary>
    /// Revokes the family if <paramref name="presentedHash"/> is the hash of one of its refresh tokens (current or
    /// consumed): logout by refresh cookie, which only its holder has. Returns whether it was one of them.
    /// </summary>
    [Alias("RevokeByRefresh")]
    Task<bool> RevokeByRefreshAsync(string presentedHash, string reason);

    /// <summary>Whether access tokens of this family may still be used (started and not revoked).</summary>
    [Alias("IsActive")]
    Task<bool> IsActiveAsync();

    [Alias("Get")]
    Task<WebSessionFamilySnapshot> GetAsync();
}
