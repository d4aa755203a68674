namespace Enerlectra.Grains.Wallets;

/// <summary>
/// Money a wallet owes a user's balance in a market: <see cref="Ngwee"/> into <see cref="MarketId"/>, credited once by
/// <see cref="Reference"/> (the market takes each reference once) and booked against <see cref="Channel"/>'s clearing
/// account ("mtn", "airtel", "zamtel": the network it was collected over).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.MarketDeposit")]
public sealed record MarketDeposit(
    [property: Id(0)] string MarketId,
    [property: Id(1)] string Reference,
    [property: Id(2)] long Ngwee,
    [property: Id(3)] string Channel);
