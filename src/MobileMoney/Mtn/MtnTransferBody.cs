namespace Enerlectra.MobileMoney.Mtn;

/// <summary>JSON body of POST /disbursement/v1_0/transfer.</summary>
internal sealed record MtnTransferBody(
    string Amount,
    string Currency,
    string ExternalId,
    MtnParty Payee,
    string PayerMessage,
    string PayeeNote);
