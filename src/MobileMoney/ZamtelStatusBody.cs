using System.Text.Json;

namespace Enerlectra.MobileMoney;

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
    public static ZamtelStatusBody? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

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
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool TryMapState(string? status, out CollectionState state)
    {
        switch (status)
        {
            case "PENDING":
                state = CollectionState.Pending;
                return true;
            case "SUCCESSFUL":
                state = CollectionState.Successful;
                return true;
            case "FAILED":
                state = CollectionState.Failed;
                return true;
            default:
                state = default;
                return false;
        }
    }

    public override string ToString() => (Code, Message) switch
    {
        (null, null) => "no error details",
        (null, { } m) => m,
        ({ } c, null) => c,
        ({ } c, { } m) => $"{c}: {m}",
    };
}
