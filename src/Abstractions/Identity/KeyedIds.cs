using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Enerlectra.Abstractions.Identity;

/// <summary>
/// Ids derived from what a client sends (its idempotency key) or from a wallet's own counter (payouts), keyed with
/// the server secret (<see cref="IdKeyOptions"/>): HMAC-SHA256 of scope, owner and key. The same input always gives
/// the same id, so a retried request reaches the same grain; without the secret nobody can compute one, which matters
/// because these ids are also the providers' payment references. Shaped as version-4 UUIDs, which providers (MTN's
/// X-Reference-Id) require. Ids that need no derivation are random (<see cref="Guid.NewGuid"/>, from a CSPRNG).
/// </summary>
public sealed class KeyedIds
{
    private readonly byte[] _key;

    public KeyedIds(IdKeyOptions options)
    {
        _key = options.KeyBytes();
        UsesDevelopmentKey = options.IsDevelopmentKey;
    }

    /// <summary>True when the ids are keyed with the public development key (see <see cref="IdKeyOptions.IsDevelopmentKey"/>).</summary>
    public bool UsesDevelopmentKey { get; }

    /// <summary>The same buyer and idempotency key always give the same trade id (also the payment reference).</summary>
    public Guid TradeId(string buyerId, string idempotencyKey) => Create("trade", buyerId, idempotencyKey);

    /// <summary>The same seller and idempotency key always give the same offer id.</summary>
    public Guid OfferId(string sellerId, string idempotencyKey) => Create("offer", sellerId, idempotencyKey);

    /// <summary>A wallet's n-th payout (also the disbursement reference), stable so a retried payout is never sent twice.</summary>
    public Guid PayoutId(string userId, long sequence) =>
        Create("payout", userId, sequence.ToString(CultureInfo.InvariantCulture));

    /// <summary>A wallet's n-th phone verification (also the verification collection's provider reference).</summary>
    public Guid PhoneVerificationId(string userId, long sequence) =>
        Create("phone-verification", userId, sequence.ToString(CultureInfo.InvariantCulture));

    /// <summary>The same user and idempotency key always give the same deposit id (also the collection's provider reference).</summary>
    public Guid DepositId(string userId, string idempotencyKey) => Create("deposit", userId, idempotencyKey);

    /// <summary>The same user and idempotency key always give the same withdrawal id (also the payout's provider reference).</summary>
    public Guid WithdrawalId(string userId, string idempotencyKey) => Create("withdrawal", userId, idempotencyKey);

    /// <summary>The same user and idempotency key always give the same energy transfer id (the market's credit reference).</summary>
    public Guid EnergyTransferId(string userId, string idempotencyKey) => Create("energy-transfer", userId, idempotencyKey);

    /// <summary>
    /// The keyed id of <paramref name="key"/> in <paramref name="scope"/> for <paramref name="owner"/>. The parts are
    /// joined with newlines, which none of them can contain (user ids and idempotency keys are validated), so two
    /// different inputs never produce the same message.
    /// </summary>
    public Guid Create(string scope, string owner, string key)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"enerlectra\n{scope}\n{owner}\n{key}"), mac);
        return DeterministicGuid.ShapeAsVersion4(mac[..16]);
    }
}
