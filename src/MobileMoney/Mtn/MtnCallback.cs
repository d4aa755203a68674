using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enerlectra.MobileMoney.Mtn;

/// <summary>
/// The body MTN PUTs to the X-Callback-Url when a collection finishes. MTN does not put the reference id in
/// the body, so put it in the callback URL. Anyone can call that URL: treat a callback as a hint and confirm it
/// with <see cref="IMobileMoneyCollections.GetStatusAsync"/> before acting on it.
/// </summary>
/// <param name="FinancialTransactionId">MTN's transaction id, present when the payer was charged.</param>
/// <param name="ExternalId">The external id we sent with the request.</param>
/// <param name="AmountNgwee">The amount in ngwee, when the callback carried one.</param>
/// <param name="Currency">The ISO currency, when the callback carried one.</param>
/// <param name="State">The state the callback reports.</param>
/// <param name="Reason">The failure reason code (from a string or a {code, message} object), when given.</param>
public sealed record MtnCallback(
    string? FinancialTransactionId,
    string? ExternalId,
    long? AmountNgwee,
    string? Currency,
    CollectionState State,
    string? Reason)
{
    /// <summary>Parses a callback body.</summary>
    /// <param name="json">The raw request body.</param>
    /// <param name="callback">The parsed callback when parsing succeeds.</param>
    /// <returns>
    /// <see langword="false"/> when the body is not a JSON object, has no recognised status, or has an amount that is
    /// not an exact Kwacha value.
    /// </returns>
    public static bool TryParse(string? json, [NotNullWhen(true)] out MtnCallback? callback)
    {
        callback = MtnJson.ReadObject(json, Read, null);
        return callback is not null;
    }

    private static MtnCallback? Read(JsonElement root) =>
        MtnJson.TryReadState(MtnJson.ReadString(root, "status"), out CollectionState state)
        && MtnJson.TryReadAmount(root, out long? amount)
            ? new MtnCallback(
                MtnJson.ReadString(root, "financialTransactionId"),
                MtnJson.ReadString(root, "externalId"),
                amount,
                MtnJson.ReadString(root, "currency"),
                state,
                MtnJson.ReadReason(root))
            : null;
}
