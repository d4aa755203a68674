namespace Enerlectra.MarketMaker;

/// <summary>A side of the book; <see cref="Quote.ApiSide"/> spells it for the API.</summary>
public enum QuoteSide
{
    Buy,
    Sell,
}
