using Orleans;

namespace Enerlectra.Abstractions.Wallets;

/// <summary>The platform's fee account (one per market). Fee credits are idempotent by operation id.</summary>
[Alias("enerlectra.IPlatformAccountGrain")]
public interface IPlatformAccountGrain : IGrainWithStringKey
{
    [Alias("CreditFee")]
    Task CreditFeeAsync(string operationId, long feeNgwee);

    /// <summary>Takes back a fee credited for a trade a chain reorganisation removed. Idempotent by operation id.</summary>
    [Alias("ReverseFee")]
    Task ReverseFeeAsync(string operationId, long feeNgwee);

    [Alias("Get")]
    Task<PlatformAccountSnapshot> GetAsync();
}
