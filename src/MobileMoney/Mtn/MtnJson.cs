using System.Text.Json;

namespace Enerlectra.MobileMoney.Mtn;

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

    private static readonly ProviderStatusCodes States = new(
        ignoreCase: true,
        ("PENDING", CollectionState.Pending),
        ("ONGOING", CollectionState.Pending),
        ("SUCCESSFUL", CollectionState.Successful),
        ("FAILED", CollectionState.Failed),
        ("REJECTED", CollectionState.Failed),
        ("TIMEOUT", CollectionState.Failed));

    /// <summary>
    /// Parses <paramref name="text"/> and reads its root object; <paramref name="otherwise"/> when the text is blank,
    /// not JSON or not an object (or <paramref name="read"/> meets malformed JSON).
    /// </summary>
    public static T ReadObject<T>(string? text, Func<JsonElement, T> read, T otherwise)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return otherwise;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object ? read(root) : otherwise;
        }
        catch (JsonException)
        {
            return otherwise;
        }
    }

    /// <summary>MTN's status (case-insensitive): PENDING/ONGOING, SUCCESSFUL, FAILED/REJECTED/TIMEOUT.</summary>
    public static bool TryReadState(string? status, out CollectionState state) => States.TryMap(status, out state);

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
