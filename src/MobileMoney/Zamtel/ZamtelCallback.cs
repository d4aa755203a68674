using System.Diagnostics.CodeAnalysis;

namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>
/// The body of a provisional-protocol Zamtel callback (ZAMTEL.md): the same object as a status response,
/// {reference, status, reason, transactionId, amountNgwee}. It is unsigned: confirm it with a status query.
/// </summary>
/// <param name="ReferenceId">Our reference.</param>
/// <param name="State">The state reported.</param>
/// <param name="Reason">The failure reason code, when failed.</param>
/// <param name="TransactionId">Zamtel's transaction id, once completed.</param>
/// <param name="AmountNgwee">The amount in ngwee, when given.</param>
public sealed record ZamtelCallback(Guid ReferenceId, CollectionState State, string? Reason, string? TransactionId, long? AmountNgwee)
{
    /// <summary>Parses a callback body.</summary>
    /// <param name="json">The raw request body.</param>
    /// <param name="callback">The parsed callback when parsing succeeds.</param>
    /// <returns><see langword="false"/> when the body is not JSON, has no UUID reference or an unknown status.</returns>
    public static bool TryParse(string? json, [NotNullWhen(true)] out ZamtelCallback? callback)
    {
        callback = null;
        if (ZamtelStatusBody.TryParse(json) is not { } body
            || !Guid.TryParse(body.Reference, out Guid reference)
            || !ZamtelStatusBody.TryMapState(body.Status, out CollectionState state))
        {
            return false;
        }

        callback = new ZamtelCallback(reference, state, body.Reason, body.TransactionId, body.AmountNgwee);
        return true;
    }

    /// <summary>
    /// The reference a callback body names, whatever else it holds or lacks: what a callback posted to one
    /// reference's URL is checked against.
    /// </summary>
    /// <param name="json">The raw request body.</param>
    /// <returns>The reference as written, or null when the body names none.</returns>
    public static string? NamedReference(string? json) => ZamtelStatusBody.TryParse(json)?.Reference;
}
