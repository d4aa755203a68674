using System.Text.Json.Nodes;

namespace Enerlectra.Sandbox.Mtn;

/// <summary>The JSON shapes of MTN's status response and callback body (the two are the same), and MTN's views.</summary>
internal static class MtnSandboxJson
{
    /// <summary>The status body; <paramref name="partyField"/> is "payer" for collections and "payee" for transfers.</summary>
    public static JsonObject StatusBody(SandboxEntrySnapshot e, SandboxOptions options, string partyField)
    {
        var s = (MtnSandboxSubmission)e.Details;
        var body = new JsonObject
        {
            ["amount"] = SandboxAmount.Format(e.AmountNgwee),
            ["currency"] = s.Currency,
            ["externalId"] = s.ExternalId,
            [partyField] = new JsonObject { ["partyIdType"] = "MSISDN", ["partyId"] = e.Msisdn },
            ["payerMessage"] = s.PayerMessage,
            ["payeeNote"] = s.PayeeNote,
            ["status"] = e.Status,
        };
        if (e.ProviderTransactionId is not null)
        {
            body["financialTransactionId"] = e.ProviderTransactionId;
        }

        if (e.Reason is not null)
        {
            body["reason"] = options.ReasonAsObject
                ? new JsonObject { ["code"] = e.Reason, ["message"] = Describe(e.Reason) }
                : e.Reason;
        }

        return body;
    }

    /// <summary>MTN PUTs the status body; a stale callback reports PENDING; MTN does not sign, so "bad signature" is plain.</summary>
    public static SandboxCallbackMessage Callback(SandboxEntrySnapshot e, SandboxCallbackKind kind, SandboxOptions options, string partyField)
    {
        SandboxEntrySnapshot shown = kind == SandboxCallbackKind.StalePending
            ? e with { Status = MtnSandboxStatus.Pending, Reason = null, ProviderTransactionId = null }
            : e;
        return new SandboxCallbackMessage(HttpMethod.Put, StatusBody(shown, options, partyField).ToJsonString());
    }

    public static MtnSandboxTransactionView View(SandboxEntrySnapshot e)
    {
        var s = (MtnSandboxSubmission)e.Details;
        return new MtnSandboxTransactionView(
            e.ReferenceId, e.Msisdn, SandboxAmount.Format(e.AmountNgwee), e.AmountNgwee, s.Currency, s.ExternalId,
            s.PayerMessage, s.PayeeNote, e.Status, e.Reason, e.ProviderTransactionId, e.Submissions, e.Completions,
            e.CallbackUrl, e.CallbacksPlanned, e.CallbacksDelivered, e.PhoneVerification);
    }

    public static JsonObject Error(string code, string message) => new() { ["code"] = code, ["message"] = message };

    private static string Describe(string reason) => reason switch
    {
        MtnSandboxStatus.ApprovalRejected => "The payer rejected the request.",
        MtnSandboxStatus.Expired => "The request expired before the payer answered.",
        MtnSandboxStatus.NotEnoughFunds => "The payer does not have enough funds.",
        SandboxReasons.PayerNotFound => "The payer was not found.",
        SandboxReasons.PinTimeout => "The payer did not enter the PIN in time.",
        _ => reason,
    };
}
