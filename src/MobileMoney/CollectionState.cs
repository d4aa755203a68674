namespace Enerlectra.MobileMoney;

/// <summary>Where a collection stands according to the provider.</summary>
public enum CollectionState
{
    /// <summary>The provider knows the request and is waiting for the payer (or is still processing).</summary>
    Pending,

    /// <summary>The payer was charged.</summary>
    Successful,

    /// <summary>The collection ended without charging the payer.</summary>
    Failed,

    /// <summary>The provider has no record of the reference: it never arrived, and resubmitting it is safe.</summary>
    NotFound,
}
