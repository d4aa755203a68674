using Enerlectra.Api.V1;
using Enerlectra.Gateway.Validation;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Enerlectra.Tests.Support;

/// <summary>The JSON routes of the real API, described as the gateway's request guard sees them.</summary>
public static class TranscodedRoutes
{
    public static TranscodedRoute CreateOffer => Of(OfferService.Descriptor, "CreateOffer");

    public static TranscodedRoute ListOffers => Of(OfferService.Descriptor, "ListOffers");

    public static TranscodedRoute GetOffer => Of(OfferService.Descriptor, "GetOffer");

    public static TranscodedRoute ExecuteTrade => Of(TradeService.Descriptor, "ExecuteTrade");

    public static TranscodedRoute IssueDevToken => Of(AuthService.Descriptor, "IssueDevToken");

    public static TranscodedRoute SetPhone => Of(WalletService.Descriptor, "SetPhone");

    public static TranscodedRoute StreamUserEvents => Of(MarketEventService.Descriptor, "StreamUserEvents");

    private static TranscodedRoute Of(ServiceDescriptor service, string method)
    {
        var descriptor = service.FindMethodByName(method);
        var rule = descriptor.GetOptions().GetExtension(AnnotationsExtensions.Http);
        return TranscodedRoute.From(new GrpcJsonTranscodingMetadata(descriptor, rule));
    }
}
