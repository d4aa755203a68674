namespace Enerlectra.MobileMoney;

/// <summary>A Bearer token from /collection/token/ and the moment it should be replaced.</summary>
internal sealed record MtnAccessToken(string Value, DateTimeOffset RefreshAfter);
