namespace Enerlectra.Abstractions.WebSessions;

/// <summary>How a refresh ended. Only <see cref="Rotated"/> gives the caller a new session.</summary>
public enum RefreshOutcome
{
    Rotated = 0,

    /// <summary>The token was already consumed: it was copied, so the whole family is revoked.</summary>
    Reused = 1,

    /// <summary>Another device id or browser than the family was started on; refused, the family lives on.</summary>
    OtherDevice = 2,

    Expired = 3,

    /// <summary>The family was revoked (logout, reuse) or never started.</summary>
    Revoked = 4,

    /// <summary>No token of this family has this hash: nothing is known about its sender, so nothing is revoked.</summary>
    Unknown = 5,
}
