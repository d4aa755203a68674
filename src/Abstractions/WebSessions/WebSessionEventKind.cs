namespace Enerlectra.Abstractions.WebSessions;

/// <summary>What a family records beyond ordinary rotations: the signs of a stolen token, and how it ended.</summary>
public enum WebSessionEventKind
{
    RefreshReused = 0,
    OtherDevice = 1,
    Revoked = 2,
}
