namespace Enerlectra.Fuzz;

/// <summary>
/// What the fuzzer set up before it starts (a seller with an offer, a buyer with a completed purchase) and the tokens
/// it may use. Fuzzed requests carry only the fuzz user's token or tokens the server must refuse; the seller's and
/// buyer's tokens are used only to read the state snapshot, so no fuzzed request can legitimately change that state.
/// </summary>
public sealed record SeedState(
    string SellerId,
    string BuyerId,
    string FuzzUserId,
    string SellerToken,
    string BuyerToken,
    string FuzzToken,
    string OperatorToken,
    string OfferId,
    string TradeId,
    string BuyerPhone);
