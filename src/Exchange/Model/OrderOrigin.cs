namespace Enerlectra.Exchange.Model;

/// <summary>Where an order came from. Offers are households' sell orders, also bought directly by mobile money.</summary>
[GenerateSerializer, Alias("enerlectra.exchange.OrderOrigin")]
public enum OrderOrigin
{
    Order = 0,
    Offer = 1,
}
