using System.Text.Json.Nodes;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.Sandbox.Zamtel;

/// <summary>The status object of the provisional Zamtel protocol (src/MobileMoney/Zamtel/ZAMTEL.md), also the callback body.</summary>
internal static class ZamtelSandboxJson
{
    public static JsonObject StatusBody(SandboxEntrySnapshot e) => new()
    {
        ["reference"] = e.ReferenceId.ToString("D"),
        ["status"] = e.Status,
        ["reason"] = e.Reason,
        ["transactionId"] = e.ProviderTransactionId,
        ["amountNgwee"] = e.AmountNgwee,
    };

    /// <summary>Zamtel callbacks are POSTed and unsigned, so "bad signature" is a plain one.</summary>
    public static SandboxCallbackMessage Callback(SandboxEntrySnapshot e, SandboxCallbackKind kind)
    {
        SandboxEntrySnapshot shown = kind == SandboxCallbackKind.StalePending
            ? e with { Status = MtnSandboxStatus.Pending, Reason = null, ProviderTransactionId = null }
            : e;
        return new SandboxCallbackMessage(HttpMethod.Post, StatusBody(shown).ToJsonString());
    }

    public static JsonObject Error(string code, string message) => new() { ["code"] = code, ["message"] = message };
}
