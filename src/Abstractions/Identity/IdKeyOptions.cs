namespace Enerlectra.Abstractions.Identity;

/// <summary>
/// The server secret that ids derived from client idempotency keys (trades, offers) and payout ids are keyed with
/// (configuration section "Security", key "IdKey": base64, at least 32 bytes). Those ids double as the providers'
/// payment references, so they must not be computable from what an outsider knows (a buyer's id and a guessable key,
/// a seller's id and a payout number): otherwise trades could be confirmed and forged callbacks aimed at them.
/// </summary>
/// <remarks>
/// Every silo and gateway of a deployment must use the same key, and it must never change: a client retrying with
/// its idempotency key after a change would get a new id, i.e. a second trade or offer. Not configured: the public
/// <see cref="DevelopmentIdKey"/>, which is fine for a local run and nowhere else (<see cref="IsDevelopmentKey"/>).
/// </remarks>
public sealed class IdKeyOptions
{
    public const string SectionName = "Security";

    /// <summary>The full configuration key ("Security__IdKey" as an environment variable).</summary>
    public const string ConfigurationKey = SectionName + ":" + nameof(IdKey);

    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// The key used when none is configured. It is in this public source code (base64 of the 32 ASCII bytes
    /// "enerlectra-development-id-key-v1"), so ids made with it are as guessable as unkeyed ones.
    /// </summary>
    public const string DevelopmentIdKey = "ZW5lcmxlY3RyYS1kZXZlbG9wbWVudC1pZC1rZXktdjE=";

    /// <summary>Base64, at least <see cref="MinimumKeyBytes"/> bytes. Empty: <see cref="DevelopmentIdKey"/>.</summary>
    public string? IdKey { get; set; }

    /// <summary>
    /// True when ids are keyed with the public development key: nothing configured, or the development key itself
    /// configured explicitly. A production host must refuse to start when this is true.
    /// </summary>
    public bool IsDevelopmentKey => string.IsNullOrWhiteSpace(IdKey)
        || (TryDecode(IdKey, out var key) && key.AsSpan().SequenceEqual(Convert.FromBase64String(DevelopmentIdKey)));

    /// <summary>Whether the configured value can be used (empty counts: it means the development key).</summary>
    public bool IsValid => string.IsNullOrWhiteSpace(IdKey) || (TryDecode(IdKey, out var key) && key.Length >= MinimumKeyBytes);

    /// <summary>The key bytes to use; refuses a configured value that is not base64 of at least 32 bytes.</summary>
    public byte[] KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(IdKey))
        {
            return Convert.FromBase64String(DevelopmentIdKey);
        }

        if (!TryDecode(IdKey, out var key) || key.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be base64 of at least {MinimumKeyBytes} bytes.");
        }

        return key;
    }

    private static bool TryDecode(string value, out byte[] key)
    {
        var buffer = new byte[value.Length];
        if (Convert.TryFromBase64String(value.Trim(), buffer, out var written))
        {
            key = buffer[..written];
            return true;
        }

        key = [];
        return false;
    }
}
