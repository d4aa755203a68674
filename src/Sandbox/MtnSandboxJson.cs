using System.Text.Json.Nodes;

namespace Enerlectra.Sandbox;

/// <summary>The JSON shapes of MTN's status response and callback body (the two are the same).</summary>
internal static class MtnSandboxJson
{
    public static JsonObject StatusBody(MtnSandboxTransactionView t, SandboxOptions options)
    {
        var body = new JsonObject
        {
            ["amount"] = t.Amount,
            ["currency"] = t.Currency,
            ["externalId"] = t.ExternalId,
            ["payer"] = new JsonObject { ["partyIdType"] = "MSISDN", ["partyId"] = t.PayerMsisdn },
            ["payerMessage"] = t.PayerMessage,
            ["payeeNote"] = t.PayeeNote,
            ["status"] = t.Status,
        };
        if (t.FinancialTransactionId is not null)
        {
            body["financialTransactionId"] = t.FinancialTransactionId;
        }

        if (t.Reason is not null)
        {
            body["reason"] = options.ReasonAsObject
                ? new JsonObject { ["code"] = t.Reason, ["message"] = Describe(t.Reason) }
                : t.Reason;
        }

        return body;
    }

    public static JsonObject Error(string code, string message) => new() { ["code"] = code, ["message"] = message };

    private static string Describe(string reason) => reason switch
    {
        MtnSandboxStatus.ApprovalRejected => "The payer rejected the request.",
        MtnSandboxStatus.Expired => "The request expired before the payer answered.",
        MtnSandboxStatus.NotEnoughFunds => "The payer does not have enough funds.",
        _ => reason,
    };
}
