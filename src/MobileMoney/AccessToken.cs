namespace Enerlectra.MobileMoney;

/// <summary>A Bearer token from a provider's token endpoint and the moment it should be replaced.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset RefreshAfter);
