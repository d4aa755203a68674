using Enerlectra.Gateway.Validation;
using Enerlectra.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>
/// Query strings and URL values checked against the real request messages. Before, "?pageSize=abc" came back as
/// "The input string 'abc' was not in a correct format." and "?pageSize=99999999999999" as "Value was either too
/// large or too small for an Int32.", and an unknown parameter was ignored.
/// </summary>
public class UrlValuesTests
{
    private const string Int32Words = "must be a whole number from -2147483648 to 2147483647.";
    private const string Int64Words = "must be a whole number from -9223372036854775808 to 9223372036854775807.";

    [Theory]
    [InlineData("pageSize", "20")]
    [InlineData("page_size", "-1")]        // a number: the service bounds it
    [InlineData("pageToken", "anything")]
    [InlineData("marketId", "")]
    public void Well_formed_query_values_pass(string key, string value) =>
        Assert.Null(UrlValues.CheckQuery(TranscodedRoutes.ListOffers, Query((key, [value]))));

    [Theory]
    [InlineData("pageSize", "abc", "pageSize " + Int32Words)]
    [InlineData("pageSize", "99999999999999", "pageSize " + Int32Words)]
    [InlineData("pageSize", "", "pageSize " + Int32Words)]
    [InlineData("pageSize", " 5", "pageSize " + Int32Words)]
    [InlineData("pageSize", "5.0", "pageSize " + Int32Words)]
    [InlineData("pagesize", "5", "Unknown query parameter 'pagesize'.")]
    [InlineData("foo", "1", "Unknown query parameter 'foo'.")]
    [InlineData("pageSize.x", "1", "Unknown query parameter 'pageSize.x'.")]
    public void Malformed_query_values_are_named(string key, string value, string expected) =>
        Assert.Equal(expected, UrlValues.CheckQuery(TranscodedRoutes.ListOffers, Query((key, [value]))));

    [Fact]
    public void A_single_value_given_twice_is_refused()
    {
        Assert.Equal("pageSize is given more than once.", UrlValues.CheckQuery(TranscodedRoutes.ListOffers, Query(("pageSize", ["1", "2"]))));
        Assert.Equal("pageSize is given more than once.", UrlValues.CheckQuery(TranscodedRoutes.ListOffers, Query(("pageSize", ["1"]), ("page_size", ["2"]))));
    }

    [Theory]
    [InlineData("afterSequence", "abc", "afterSequence " + Int64Words)]
    [InlineData("after_sequence", "9223372036854775808", "afterSequence " + Int64Words)]
    [InlineData("afterSequence", "9223372036854775807", null)]
    [InlineData("userId", "bob", "userId is part of the URL path, not the query string.")]   // it would override the path
    [InlineData("user_id", "bob", "userId is part of the URL path, not the query string.")]
    public void Stream_queries_are_checked(string key, string value, string? expected) =>
        Assert.Equal(expected, UrlValues.CheckQuery(TranscodedRoutes.StreamUserEvents, Query((key, [value]))));

    [Theory]
    [InlineData("marketId", "marketId belongs in the JSON body, not the query string.")]    // it would be ignored
    [InlineData("x", "Unknown query parameter 'x'.")]
    public void Routes_with_a_body_take_nothing_from_the_query(string key, string expected) =>
        Assert.Equal(expected, UrlValues.CheckQuery(TranscodedRoutes.CreateOffer, Query((key, ["1"]))));

    [Fact]
    public void Path_values_are_checked_against_their_fields()
    {
        Assert.Equal(["offer_id"], TranscodedRoutes.GetOffer.PathVariables);
        Assert.Null(UrlValues.CheckPath(TranscodedRoutes.GetOffer, new RouteValueDictionary { ["offer_id"] = "not-a-guid-but-text" }));
        Assert.Equal(["user_id"], TranscodedRoutes.SetPhone.PathVariables);
    }

    private static Dictionary<string, StringValues> Query(params (string Key, string[] Values)[] items) =>
        items.ToDictionary(i => i.Key, i => new StringValues(i.Values));
}
