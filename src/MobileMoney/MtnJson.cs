using System.Text.Json;

namespace Enerlectra.MobileMoney;

/// <summary>Lenient readers for the fields MTN sends in status responses and callbacks.</summary>
internal static class MtnJson
{
    public static string? ReadString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public static bool TryReadState(string? status, out CollectionState state)
    {
        switch (status?.ToUpperInvariant())
        {
            case "PENDING":
            case "ONGOING":
                state = CollectionState.Pending;
                return true;
            case "SUCCESSFUL":
                state = CollectionState.Successful;
                return true;
            case "FAILED":
            case "REJECTED":
            case "TIMEOUT":
                state = CollectionState.Failed;
                return true;
            default:
                state = default;
                return false;
        }
    }

    /// <summary>MTN has sent the reason both as a bare code string and as {code, message}; the code is what callers branch on.</summary>
    public static string? ReadReason(JsonElement obj)
    {
        if (!obj.TryGetProperty("reason", out JsonElement reason))
        {
            return null;
        }

        return reason.ValueKind switch
        {
            JsonValueKind.String => reason.GetString(),
            JsonValueKind.Object => ReadString(reason, "code") ?? ReadString(reason, "message"),
            _ => null,
        };
    }

    /// <summary>
    /// Reads "amount" without going through floating point: a JSON number is parsed from its raw text.
    /// A missing amount is fine (null); a present but inexact one is not.
    /// </summary>
    public static bool TryReadAmount(JsonElement obj, out long? ngwee)
    {
        ngwee = null;
        if (!obj.TryGetProperty("amount", out JsonElement amount) || amount.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        string? text = amount.ValueKind switch
        {
            JsonValueKind.String => amount.GetString(),
            JsonValueKind.Number => amount.GetRawText(),
            _ => null,
        };
        if (!Ngwee.TryParse(text, out long value))
        {
            return false;
        }

        ngwee = value;
        return true;
    }
}
