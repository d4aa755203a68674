namespace Enerlectra.Exchange.Model;

/// <summary>A buy order pays money for energy; a sell order delivers energy for money.</summary>
[GenerateSerializer, Alias("enerlectra.exchange.Side")]
public enum Side
{
    Buy = 0,
    Sell = 1,
}
