namespace Enerlectra.Fuzz;

/// <summary>Where the fuzzer aims and how much it sends. The same seed sends the same requests in the same order.</summary>
public sealed record FuzzOptions
{
    /// <summary>The HTTP/1.1 port: JSON routes, gRPC-Web, provider callbacks.</summary>
    public required Uri Http { get; init; }

    /// <summary>The HTTP/2 port: gRPC.</summary>
    public required Uri Grpc { get; init; }

    public int Requests { get; init; } = 10_000;

    public int Seed { get; init; } = 1;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>
    /// The server's token signing key (base64) when the fuzzer may know it (the Development profile's published key):
    /// then it also sends expired tokens and tokens for another issuer or audience signed with the right key. Without
    /// it, only tokens the server never issued (another key, no signature, garbage) are sent.
    /// </summary>
    public string? SigningKey { get; init; }

    public string Issuer { get; init; } = "enerlectra-dev";

    public string Audience { get; init; } = "enerlectra";

    /// <summary>The market the fuzzer's seed state is in.</summary>
    public string MarketId { get; init; } = "default";
}
