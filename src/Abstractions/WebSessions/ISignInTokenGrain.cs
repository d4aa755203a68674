using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>
/// One issuer token presented to start a web session, keyed by the token's SHA-256: a token starts at most one session,
/// so one copied from a browser's history or address bar cannot start another. Forgotten once the token has expired.
/// </summary>
[Alias("enerlectra.ISignInTokenGrain")]
public interface ISignInTokenGrain : IGrainWithStringKey
{
    /// <summary>True the first time; false for every later use before <paramref name="tokenExpiresAt"/>.</summary>
    [Alias("Use")]
    Task<bool> UseAsync(DateTimeOffset tokenExpiresAt);
}
