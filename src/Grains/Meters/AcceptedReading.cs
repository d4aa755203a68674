namespace Enerlectra.Grains.Meters;

/// <summary>
/// A reading the meter accepted (saved before its wallet credit). <see cref="Credited"/> turns true once the wallet
/// confirmed the credit; until then the credit is sent again (the wallet applies it once). The previous reading of
/// the binding is kept so a credit the wallet refuses can be undone exactly.
/// </summary>
[GenerateSerializer, Alias("enerlectra.AcceptedReading")]
public sealed record AcceptedReading
{
    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string ReadingId { get; set; } = "";
    [Id(2)] public DateTimeOffset ReadAt { get; set; }
    [Id(3)] public long GeneratedWh { get; set; }
    [Id(4)] public bool Credited { get; set; }
    [Id(5)] public DateTimeOffset? PreviousReadAt { get; set; }
    [Id(6)] public string? PreviousReadingId { get; set; }
}
