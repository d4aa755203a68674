using System.Text.Json;
using Enerlectra.MobileMoney.Mtn;

namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>
/// The status object of the provisional Zamtel protocol, shared by status responses and callbacks:
/// {reference, status: PENDING|SUCCESSFUL|FAILED, reason, transactionId, amountNgwee}, plus {code, message} on errors.
/// Amounts are integers in ngwee, so no decimal text is involved at all.
/// </summary>
internal sealed record ZamtelStatusBody(
    string? Reference,
    string? Status,
    string? Reason,
    string? TransactionId,
    long? AmountNgwee,
    string? Code,
    string? Message)
{
    // Exact, upper-case codes only: this protocol is ours, so anything else is a bug worth noticing.
    private static readonly ProviderStatusCodes States = new(
        ignoreCase: false,
        ("PENDING", CollectionState.Pending),
        ("SUCCESSFUL", CollectionState.Successful),
        ("FAILED", CollectionState.Failed));

    public static ZamtelStatusBody? TryParse(string? text) => MtnJson.ReadObject(text, Read, null);

    public static bool TryMapState(string? status, out CollectionState state) => States.TryMap(status, out state);

    public override string ToString() => ErrorText.Describe(Code, Message);

    private static ZamtelStatusBody Read(JsonElement root)
    {
        long? amount = root.TryGetProperty("amountNgwee", out JsonElement a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt64(out long n)
            ? n
            : null;
        return new ZamtelStatusBody(
            MtnJson.ReadString(root, "reference"),
            MtnJson.ReadString(root, "status"),
            MtnJson.ReadString(root, "reason"),
            MtnJson.ReadString(root, "transactionId"),
            amount,
            MtnJson.ReadString(root, "code"),
            MtnJson.ReadString(root, "message"));
    }
}
