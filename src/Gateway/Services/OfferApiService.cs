using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Enerlectra.Gateway.Services;

[Authorize]
public sealed class OfferApiService(IGrainFactory grains, IOfferDeskGrain desk, KeyedIds ids, IOptions<MarketOptions> markets) : OfferService.OfferServiceBase
{
    public override async Task<Offer> CreateOffer(CreateOfferRequest request, ServerCallContext context)
    {
        var sellerId = context.ActingAs(request.SellerId, "sellerId");
        var expiresAt = RequestParsing.Time(request.ExpiresAt, "expiresAt");
        // Checked here as well as in the offer grain (which also judges the expiry against its own clock).
        OfferRules.ValidateTerms(request.EnergyWh, request.PricePerKwhNgwee);
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        var key = Ids.OptionalIdempotencyKey(request.IdempotencyKey, "idempotencyKey");
        var offerId = key is null ? Guid.NewGuid() : ids.OfferId(sellerId, key);
        var command = new CreateOfferCommand(
            sellerId,
            request.EnergyWh,
            request.PricePerKwhNgwee,
            expiresAt,
            request.HasAcceptsMobileMoney ? request.AcceptsMobileMoney : true,
            marketId);
        // A fresh id is a new offer, straight to the book; an id from an idempotency key may be a retry of an offer
        // that keeps its own grain (made before offers moved onto the book), which that grain answers.
        var offer = key is null
            ? await desk.CreateAsync(offerId, command)
            : await grains.GetGrain<IOfferGrain>(offerId).CreateAsync(command);
        return offer.ToApi();
    }

    [AllowAnonymous]
    public override async Task<ListOffersResponse> ListOffers(ListOffersRequest request, ServerCallContext context)
    {
        OfferPaging.PageSize(request.PageSize);
        OfferPaging.CheckPageToken(request.PageToken);
        var page = await grains.GetGrain<IMarketGrain>(RequestParsing.MarketId(request.MarketId, markets.Value))
            .ListOffersAsync(request.PageSize, request.PageToken);
        var response = new ListOffersResponse { NextPageToken = page.NextPageToken, TotalOpen = page.TotalOpen };
        response.Offers.AddRange(page.Offers.Select(o => o.ToApi()));
        return response;
    }

    [AllowAnonymous]
    public override async Task<Offer> GetOffer(GetOfferRequest request, ServerCallContext context)
    {
        var offerId = Ids.RequireGuid(request.OfferId, "offerId");
        return (await grains.GetGrain<IOfferGrain>(offerId).GetAsync()).ToApi();
    }

    public override async Task<Offer> CancelOffer(CancelOfferRequest request, ServerCallContext context)
    {
        var offerId = Ids.RequireGuid(request.OfferId, "offerId");
        return (await desk.CancelAsync(offerId, context.UserId())).ToApi();
    }
}
