using System.Text.Json;
using Enerlectra.MobileMoney.Mtn;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// Airtel's response envelope {data:{transaction:{id, status, message, airtel_money_id}}, status:{code, message,
/// result_code, success}}, read leniently: fields may be missing, numbers may come as strings, and the token endpoint
/// answers errors as {error, error_description} instead.
/// </summary>
internal sealed record AirtelEnvelope(
    bool HasStatus,
    string? Code,
    string? Message,
    string? ResultCode,
    bool? Success,
    string? TransactionStatus,
    string? TransactionMessage,
    string? AirtelMoneyId)
{
    /// <summary>
    /// The result code our sandbox answers for a duplicate transaction id (with HTTP 409 and status.code "409").
    /// Airtel documents DP00800001006 as "transaction in pending state", which is what a resubmitted id is; either
    /// way the caller then queries the status, so treating it as a duplicate is safe.
    /// </summary>
    public const string DuplicateResultCode = "DP00800001006";

    public bool IsDuplicate => Code == "409" || ResultCode == DuplicateResultCode;

    public static async Task<AirtelEnvelope> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return Empty(null);
        }

        return Parse(text);
    }

    /// <summary>Parses a body; one that is not a JSON object is kept whole as the message.</summary>
    public static AirtelEnvelope Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Empty(null) : MtnJson.ReadObject(text, Read, Empty(text));

    private static AirtelEnvelope Read(JsonElement root)
    {
        JsonElement status = root.TryGetProperty("status", out JsonElement s) && s.ValueKind == JsonValueKind.Object ? s : default;
        JsonElement transaction =
            root.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("transaction", out JsonElement t) && t.ValueKind == JsonValueKind.Object
                ? t
                : default;
        bool hasStatus = status.ValueKind == JsonValueKind.Object;
        return new AirtelEnvelope(
            hasStatus,
            hasStatus ? MtnJson.ReadString(status, "code") : MtnJson.ReadString(root, "error"),
            hasStatus ? MtnJson.ReadString(status, "message") : MtnJson.ReadString(root, "error_description"),
            hasStatus ? MtnJson.ReadString(status, "result_code") : null,
            hasStatus ? ReadBool(status, "success") : null,
            Read(transaction, "status"),
            Read(transaction, "message"),
            Read(transaction, "airtel_money_id"));
    }

    public override string ToString() => ErrorText.Describe(ResultCode ?? Code, Message);

    private static AirtelEnvelope Empty(string? message) => new(false, null, message, null, null, null, null, null);

    private static string? Read(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object ? MtnJson.ReadString(obj, name) : null;

    private static bool? ReadBool(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out bool b) => b,
            _ => null,
        } : null;
}
