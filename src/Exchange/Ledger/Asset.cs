namespace Enerlectra.Exchange.Ledger;

public enum Asset
{
    /// <summary>Wh.</summary>
    Energy = 0,

    /// <summary>Ngwee.</summary>
    Money = 1,
}
