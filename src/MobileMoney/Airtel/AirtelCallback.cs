using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Enerlectra.MobileMoney.Mtn;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// The body Airtel POSTs to our configured callback URL when a transaction finishes:
/// {"transaction":{"id","message","status_code","airtel_money_id"},"hash"}. Check it with
/// <see cref="AirtelCallbackVerifier"/> and, either way, confirm with a status query before acting on it.
/// </summary>
/// <param name="TransactionId">The transaction id we sent (our reference id).</param>
/// <param name="ReferenceId">The transaction id read as our reference id, when it is a UUID.</param>
/// <param name="Message">Airtel's message (the failure reason for TF/TE).</param>
/// <param name="StatusCode">Airtel's status code as sent (TS, TF, TE, TA, TIP).</param>
/// <param name="AirtelMoneyId">Airtel's own transaction id, when given.</param>
/// <param name="State">What the status code means for us.</param>
/// <param name="Hash">The base64 HMAC the callback was signed with, when present.</param>
public sealed record AirtelCallback(
    string TransactionId,
    Guid? ReferenceId,
    string? Message,
    string StatusCode,
    string? AirtelMoneyId,
    CollectionState State,
    string? Hash)
{
    /// <summary>Parses a callback body.</summary>
    /// <param name="json">The raw request body.</param>
    /// <param name="callback">The parsed callback when parsing succeeds.</param>
    /// <returns><see langword="false"/> when the body is not JSON, has no transaction id or an unknown status code.</returns>
    public static bool TryParse(string? json, [NotNullWhen(true)] out AirtelCallback? callback)
    {
        callback = MtnJson.ReadObject(json, Read, null);
        return callback is not null;
    }

    /// <summary>
    /// The transaction id a callback body names ("transaction.id"), whatever else it holds or lacks: what a callback
    /// posted to one reference's URL is checked against.
    /// </summary>
    /// <param name="json">The raw request body.</param>
    /// <returns>The id as written, or null when the body names none.</returns>
    public static string? NamedTransactionId(string? json) =>
        MtnJson.ReadObject<string?>(json, root =>
            root.TryGetProperty("transaction", out JsonElement transaction) && transaction.ValueKind == JsonValueKind.Object
                ? MtnJson.ReadString(transaction, "id")
                : null,
            null);

    private static AirtelCallback? Read(JsonElement root)
    {
        if (!root.TryGetProperty("transaction", out JsonElement transaction) || transaction.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? id = MtnJson.ReadString(transaction, "id");
        string? statusCode = MtnJson.ReadString(transaction, "status_code");
        if (string.IsNullOrEmpty(id) || !AirtelTransactionStatus.TryMap(statusCode, out CollectionState state))
        {
            return null;
        }

        return new AirtelCallback(
            id,
            Guid.TryParse(id, out Guid reference) ? reference : null,
            MtnJson.ReadString(transaction, "message"),
            statusCode!,
            MtnJson.ReadString(transaction, "airtel_money_id"),
            state,
            MtnJson.ReadString(root, "hash"));
    }
}
