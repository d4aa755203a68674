namespace Enerlectra.MobileMoney.Mtn;

/// <summary>JSON body of POST /collection/v1_0/requesttopay.</summary>
internal sealed record MtnRequestToPayBody(
    string Amount,
    string Currency,
    string ExternalId,
    MtnParty Payer,
    string PayerMessage,
    string PayeeNote);

/// <summary>A party as MTN identifies it; we only ever use MSISDN.</summary>
internal sealed record MtnParty(string PartyIdType, string PartyId);
