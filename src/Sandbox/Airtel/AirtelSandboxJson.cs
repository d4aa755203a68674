using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.Sandbox.Airtel;

/// <summary>Airtel's response envelope, status codes and callback body as the sandbox produces them.</summary>
internal static class AirtelSandboxJson
{
    /// <summary>The result code answered (with HTTP 409 and status.code "409") for a duplicate transaction id.</summary>
    public const string DuplicateResultCode = "DP00800001006";

    public static JsonObject Envelope(int code, string message, string resultCode, bool success, JsonObject? transaction = null) => new()
    {
        ["data"] = transaction is null ? new JsonObject() : new JsonObject { ["transaction"] = transaction },
        ["status"] = new JsonObject
        {
            ["code"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["message"] = message,
            ["result_code"] = resultCode,
            ["success"] = success,
        },
    };

    /// <summary>
    /// Airtel's status code: TS, TF, TE (expired), and for pending TA (ambiguous) while waiting on the control API
    /// (scenario 0004) or TIP otherwise.
    /// </summary>
    public static string StatusCode(SandboxEntrySnapshot e) => e.Status switch
    {
        MtnSandboxStatus.Successful => "TS",
        MtnSandboxStatus.Failed when e.Reason == SandboxReasons.Expired => "TE",
        MtnSandboxStatus.Failed => "TF",
        _ when e.Scenario == SandboxScenario.StayPending => "TA",
        _ => "TIP",
    };

    public static string Message(SandboxEntrySnapshot e) => e.Status switch
    {
        MtnSandboxStatus.Successful => "Transaction is successful",
        MtnSandboxStatus.Failed => e.Reason ?? SandboxReasons.ApprovalRejected,
        _ => "Transaction in progress",
    };

    public static JsonObject Transaction(SandboxEntrySnapshot e)
    {
        var transaction = new JsonObject
        {
            ["id"] = e.ReferenceId.ToString("D"),
            ["status"] = StatusCode(e),
            ["message"] = Message(e),
        };
        if (e.ProviderTransactionId is not null)
        {
            transaction["airtel_money_id"] = e.ProviderTransactionId;
        }

        return transaction;
    }

    /// <summary>
    /// The callback: {"transaction":{id, message, status_code, airtel_money_id},"hash"}. The hash is base64
    /// HMAC-SHA256 over the exact text of the transaction object as written into the body, keyed by
    /// <see cref="SandboxOptions.AirtelCallbackSecret"/>; a "bad signature" callback is signed with the wrong key.
    /// </summary>
    public static SandboxCallbackMessage Callback(SandboxEntrySnapshot e, SandboxCallbackKind kind, SandboxOptions options)
    {
        SandboxEntrySnapshot shown = kind == SandboxCallbackKind.StalePending
            ? e with { Status = MtnSandboxStatus.Pending, Reason = null, ProviderTransactionId = null, Scenario = SandboxScenario.Approve }
            : e;
        var transaction = new JsonObject
        {
            ["id"] = shown.ReferenceId.ToString("D"),
            ["message"] = Message(shown),
            ["status_code"] = StatusCode(shown),
            ["airtel_money_id"] = shown.ProviderTransactionId,
        };
        string transactionText = transaction.ToJsonString();
        string? secret = kind == SandboxCallbackKind.BadSignature
            ? (options.AirtelCallbackSecret ?? string.Empty) + "-not-the-secret"
            : options.AirtelCallbackSecret;
        string body = string.IsNullOrEmpty(secret)
            ? $$"""{"transaction":{{transactionText}}}"""
            : $$"""{"transaction":{{transactionText}},"hash":"{{Sign(transactionText, secret)}}"}""";
        return new SandboxCallbackMessage(HttpMethod.Post, body);
    }

    private static string Sign(string text, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
}
