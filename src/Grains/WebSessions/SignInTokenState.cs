namespace Enerlectra.Grains.WebSessions;

[GenerateSerializer, Alias("enerlectra.SignInTokenState")]
public sealed record SignInTokenState
{
    [Id(0)] public bool Used { get; set; }
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
