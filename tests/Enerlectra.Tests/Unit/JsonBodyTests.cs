using System.Text;
using Enerlectra.Gateway.Validation;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>
/// JSON bodies checked against the real request messages. Before the check, JSON transcoding answered these with its
/// parser's words ("The input string 'abc' was not in a correct format.", "Request JSON payload is not correctly
/// formatted.") or silently dropped misspelt fields.
/// </summary>
public class JsonBodyTests
{
    private const string Int64Words = "must be a whole number from -9223372036854775808 to 9223372036854775807.";

    [Theory]
    [InlineData("""{"energyWh":5000,"pricePerKwhNgwee":1000,"expiresAt":"2026-12-31T18:00:00Z","acceptsMobileMoney":false,"marketId":"default","idempotencyKey":"k-1","sellerId":""}""")]
    [InlineData("""{"energy_wh":5000,"price_per_kwh_ngwee":1000}""")]              // proto names too
    [InlineData("""{"energyWh":"5000","expiresAt":"2026-12-31T18:00:00.1234567+02:00"}""")]  // 64-bit numbers may be strings
    [InlineData("""{"energyWh":9223372036854775807}""")]                             // a valid number: the service bounds it
    [InlineData("""{"expiresAt":"0001-01-01T00:00:00Z"}""")]                       // a valid time, in the past: the service says so
    [InlineData("""{"expiresAt":"9999-12-31T23:59:59.999999999Z"}""")]
    [InlineData("""{"expiresAt":null}""")]                                         // null message field: not set
    [InlineData("\uFEFF{}")]                                                       // a byte order mark first
    [InlineData("\t{ }\r\n")]
    public void Well_formed_bodies_pass(string body) => Assert.Null(Check(TranscodedRoutes.CreateOffer, body));

    [Theory]
    [InlineData("""{"energyWh":"abc"}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":1.5}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":1e3}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":99999999999999999999}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":" 5"}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":true}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":{}}""", "energyWh " + Int64Words)]
    [InlineData("""{"energyWh":null}""", "energyWh cannot be null; leave it out to use the default.")]
    [InlineData("""{"expiresAt":"tomorrow"}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z.")]
    [InlineData("""{"expiresAt":"0000-12-31T00:00:00Z"}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z.")]
    [InlineData("""{"expiresAt":"0001-01-01T00:00:00+01:00"}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z.")]
    [InlineData("""{"expiresAt":"9999-12-31T23:59:59-01:00"}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z.")]
    [InlineData("""{"expiresAt":"2026-12-31 18:00:00"}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z.")]
    [InlineData("""{"expiresAt":1767204000}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z.")]
    [InlineData("""{"acceptsMobileMoney":"yes"}""", "acceptsMobileMoney must be true or false.")]
    [InlineData("""{"acceptsMobileMoney":null}""", "acceptsMobileMoney cannot be null; leave it out to use the default.")]
    [InlineData("""{"marketId":5}""", "marketId must be text (a JSON string).")]
    [InlineData("""{"marketId":"\ud800"}""", "marketId is not valid text.")]
    [InlineData("""{"energyWh":5000,"foo":1}""", "Unknown field 'foo'.")]
    [InlineData("""{"energywh":5000}""", "Unknown field 'energywh'.")]              // a typo, no longer dropped silently
    [InlineData("""{"energyWh":1000,"energyWh":2000}""", "energyWh is given more than once.")]
    [InlineData("""{"energyWh":1000,"energy_wh":2000}""", "energyWh is given more than once.")]
    [InlineData("[]", "The request body must be a JSON object.")]
    [InlineData("5000", "The request body must be a JSON object.")]
    public void Malformed_fields_are_named(string body, string expected) => Assert.Equal(expected, Check(TranscodedRoutes.CreateOffer, body));

    [Theory]
    [InlineData("""{"energyWh":""", "line 1")]
    [InlineData("""{"energyWh":5000}{}""", "line 1")]
    [InlineData("{\n\"energyWh\": 5000,\n}", "line 3")]
    [InlineData("""{"energyWh":5000 /* five kWh */}""", "line 1")]
    [InlineData("""{'energyWh':5000}""", "line 1")]
    public void Broken_json_is_refused_with_where(string body, string where)
    {
        var problem = Check(TranscodedRoutes.CreateOffer, body);
        Assert.StartsWith("The request body is not valid JSON (at ", problem);
        Assert.Contains(where, problem);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused()
    {
        byte[] body = [.. """{"marketId":"""u8, 0x22, 0xC3, 0x28, 0x22, (byte)'}'];
        Assert.Equal("The request body is not valid UTF-8 text.", JsonBody.Check(body, TranscodedRoutes.CreateOffer));
    }

    [Theory]
    [InlineData("""{"userId":"alice","roles":["meter","operator"]}""", null)]
    [InlineData("""{"userId":"alice","roles":[]}""", null)]
    [InlineData("""{"userId":"alice","roles":"meter"}""", "roles must be a list (a JSON array).")]
    [InlineData("""{"userId":"alice","roles":["meter",null]}""", "roles[1] cannot be null.")]
    [InlineData("""{"userId":"alice","roles":[1]}""", "roles[0] must be text (a JSON string).")]
    [InlineData("""{"userId":"alice","roles":null}""", "roles cannot be null; leave it out to use the default.")]
    public void Lists_are_checked_element_by_element(string body, string? expected) =>
        Assert.Equal(expected, Check(TranscodedRoutes.IssueDevToken, body));

    [Theory]
    [InlineData("""{"offerId":"x","energyWh":"9223372036854775808"}""", "energyWh " + Int64Words)]
    [InlineData("""{"offerId":"x","energyWh":-9223372036854775809}""", "energyWh " + Int64Words)]
    [InlineData("""{"offerId":"x","paymentMethod":["hybrid"]}""", "paymentMethod must be text (a JSON string).")]
    public void Trade_requests_are_checked(string body, string expected) => Assert.Equal(expected, Check(TranscodedRoutes.ExecuteTrade, body));

    [Fact]
    public void Blank_bodies_are_recognised() =>
        Assert.True(JsonBody.IsBlank(" \r\n\t"u8) && JsonBody.IsBlank([]) && !JsonBody.IsBlank("{}"u8));

    private static string? Check(TranscodedRoute route, string body) => JsonBody.Check(Encoding.UTF8.GetBytes(body), route);
}
