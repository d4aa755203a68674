namespace Enerlectra.Exchange.Ledger;

[GenerateSerializer, Alias("enerlectra.exchange.Asset")]
public enum Asset
{
    /// <summary>Wh.</summary>
    Energy = 0,

    /// <summary>Ngwee.</summary>
    Money = 1,
}
