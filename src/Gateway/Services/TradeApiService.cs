using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

[Authorize]
public sealed class TradeApiService(IGrainFactory grains, KeyedIds ids) : TradeService.TradeServiceBase
{
    public override Task<Trade> ExecuteTrade(ExecuteTradeRequest request, ServerCallContext context)
    {
        var buyerId = context.ActingAs(request.BuyerId, "buyerId");
        var method = RequestParsing.Method(request.PaymentMethod);
        var key = Ids.OptionalIdempotencyKey(request.IdempotencyKey, "idempotencyKey");
        return StartAsync(buyerId, request.OfferId, request.EnergyWh, request.PhoneNumber, "phoneNumber", request.Network, method, key);
    }

    public override Task<Trade> ExecuteBlockchainTrade(ExecuteTradeRequest request, ServerCallContext context)
    {
        var buyerId = context.ActingAs(request.BuyerId, "buyerId");
        if (!string.IsNullOrWhiteSpace(request.PaymentMethod) && RequestParsing.Method(request.PaymentMethod) != PaymentMethod.Blockchain)
        {
            throw TradingException.Invalid("paymentMethod", "This route pays from the connected wallet; leave paymentMethod empty or use ExecuteTrade.");
        }

        var key = Ids.OptionalIdempotencyKey(request.IdempotencyKey, "idempotencyKey");
        return StartAsync(buyerId, request.OfferId, request.EnergyWh, request.PhoneNumber, "phoneNumber", request.Network, PaymentMethod.Blockchain, key);
    }

    public override Task<Trade> ExecuteMobileMoneyTrade(ExecuteMobileMoneyTradeRequest request, ServerCallContext context)
    {
        var buyerId = context.UserId();
        var key = Ids.OptionalIdempotencyKey(request.MobileMoneyReference, "mobileMoneyReference")
            ?? throw TradingException.Invalid("mobileMoneyReference", "mobileMoneyReference is required.");
        return StartAsync(buyerId, request.OfferId, request.EnergyWh, request.BuyerPhone, "buyerPhone", request.Network, PaymentMethod.MobileMoney, key);
    }

    public override async Task<Trade> GetTrade(GetTradeRequest request, ServerCallContext context)
    {
        var tradeId = Ids.RequireGuid(request.TradeId, "tradeId");
        var trade = await grains.GetGrain<IPaymentGrain>(tradeId).GetAsync();
        var caller = context.UserId();
        if (caller != trade.BuyerId && caller != trade.SellerId && !context.IsOperator())
        {
            // Exactly the answer for an id that does not exist: a trade id is also the provider's payment
            // reference, and an outsider must not be able to tell which ids are real trades.
            throw TradeIds.NotFound(tradeId);
        }

        return trade.ToApi();
    }

    private async Task<Trade> StartAsync(
        string buyerId, string offerIdText, long energyWh, string? phone, string phoneField, string? networkText,
        PaymentMethod method, string? idempotencyKey)
    {
        var offerId = Ids.RequireGuid(offerIdText, "offerId");
        // Bounded here and again in the payment grain, before anything prices it.
        OfferRules.ValidatePurchase(energyWh);

        var network = RequestParsing.Network(networkText, "network");
        // Only parsed here; which number pays (the buyer's verified phone) is the payment grain's decision.
        var payer = string.IsNullOrWhiteSpace(phone) ? (ZambianMsisdn?)null : ZambianMsisdn.Parse(phone, phoneField);
        var tradeId = idempotencyKey is null ? TradeIds.New() : ids.TradeId(buyerId, idempotencyKey);
        var request = new TradeRequest(offerId, buyerId, energyWh, payer?.Digits ?? "", network ?? payer?.Network ?? default, method, idempotencyKey);
        try
        {
            return (await grains.GetGrain<IPaymentGrain>(tradeId).StartAsync(request)).ToApi();
        }
        catch (TradingException ex) when (ex.Field == PayerField && phoneField != PayerField)
        {
            // The grain names the payer's number as ExecuteTrade does; this route calls it differently.
            throw new TradingException(ex.Kind, ex.Message, phoneField);
        }
    }

    private const string PayerField = "phoneNumber";
}
