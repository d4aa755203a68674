namespace Enerlectra.Abstractions.Payouts;

/// <summary>When seller earnings are sent to the seller's phone (configuration section "Payouts").</summary>
public sealed class PayoutOptions
{
    public const string SectionName = "Payouts";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Pay out once earnings reach this many ngwee. 0 pays out after every sale; a higher value batches sales into
    /// fewer transfers (and fewer provider fees).
    /// </summary>
    public long ThresholdNgwee { get; set; }
}
