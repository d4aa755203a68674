using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// What the gateway passes on from a provider's callback. The callback's content is never acted on (the trade asks
/// the provider), so all a trade needs is enough to recognise a signed callback it has already been given.
/// </summary>
/// <param name="Provider">Which provider's route it came in on, for the log.</param>
/// <param name="SignedId">
/// For a callback whose signature was verified: a digest of exactly what was signed, so a captured callback sent again
/// is recognised however its unsigned parts were rearranged. Null for unsigned callbacks, which anyone can vary.
/// </param>
[GenerateSerializer, Immutable, Alias("enerlectra.ProviderCallback")]
public sealed record ProviderCallback(
    [property: Id(0)] string Provider,
    [property: Id(1)] string? SignedId);
