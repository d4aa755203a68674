using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Enerlectra.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Issue 11, what the fuzzer's first run found: refusals answered with an empty body (authentication, routing, media
/// type, the callback routes), and malformed gRPC input answered INTERNAL or UNKNOWN as if the server were at fault.
/// Every refusal now says why, in the JSON error body or in grpc-status and grpc-message; malformed gRPC input is the
/// caller's INVALID_ARGUMENT.
/// </summary>
public sealed class WordedRefusalTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private JsonCalls Json => new(fixture.Host.Http);

    // ---- Empty-bodied refusals on the HTTP/1.1 port ------------------------------------------------------------------

    public static TheoryData<string, string, HttpStatusCode, int> UnwordedBefore => new()
    {
        { "GET", "/api/no-such-route", HttpStatusCode.NotFound, 5 },
        { "FUZZ", "/api/offers", HttpStatusCode.NotFound, 5 },
        { "DELETE", "/api/orders/x/y", HttpStatusCode.MethodNotAllowed, 12 },
        { "GET", "/api/operator/ledger", HttpStatusCode.Unauthorized, 16 },
        { "POST", "/api/orders", HttpStatusCode.Unauthorized, 16 },
    };

    [Theory]
    [MemberData(nameof(UnwordedBefore))]
    public async Task A_refusal_by_routing_or_authentication_has_a_message(string verb, string path, HttpStatusCode status, int code)
    {
        var response = await Json.SendAsync(new HttpMethod(verb), path);

        AssertWorded(response, status, code);
    }

    [Fact]
    public async Task An_expired_or_foreign_token_is_refused_with_a_message_and_the_challenge_header()
    {
        var foreign = TestTokens.Issue("someone", [], Convert.ToBase64String(Encoding.UTF8.GetBytes("another-key-another-key-another-key!")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", foreign);

        using var response = await fixture.Host.Http.SendAsync(request);

        var message = AssertWorded((response.StatusCode, await response.Content.ReadAsStringAsync()), HttpStatusCode.Unauthorized, 16);
        Assert.Contains("token", message, StringComparison.Ordinal);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_for_another_role_is_forbidden_with_a_message()
    {
        var token = await Json.TokenAsync(ApiClients.NewUserId("user"));

        var response = await Json.SendAsync(HttpMethod.Get, "/api/operator/ledger", token);

        AssertWorded(response, HttpStatusCode.Forbidden, 7);
    }

    [Fact]
    public async Task An_unauthenticated_grpc_call_is_UNAUTHENTICATED_with_a_message()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Api.Orders.ListOrdersAsync(new ListOrdersRequest()));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(refused.Status.Detail), "UNAUTHENTICATED without a message");
    }

    public static TheoryData<string, string, HttpStatusCode, int> CallbackRefusals => new()
    {
        // No reference anywhere: 404, worded.
        { "/api/callbacks/airtel", """{"transaction":{"id":"not-a-reference"}}""", HttpStatusCode.NotFound, 5 },
        // Airtel signs its callbacks (the sandbox's secret is configured): a missing hash is 401, worded.
        { $"/api/callbacks/airtel/{Guid.NewGuid()}", """{"transaction":{"id":"x","status_code":"TS"}}""", HttpStatusCode.Unauthorized, 16 },
        { $"/api/callbacks/mtn/{new string('x', 5)}", "{}", HttpStatusCode.NotFound, 5 },
    };

    [Theory]
    [MemberData(nameof(CallbackRefusals))]
    public async Task A_callback_refusal_has_a_message(string path, string body, HttpStatusCode status, int code)
    {
        var response = await Json.SendAsync(HttpMethod.Post, path, null, body);

        AssertWorded(response, status, code);
    }

    [Fact]
    public async Task A_callback_body_over_the_cap_is_413_with_a_message()
    {
        var body = Encoding.UTF8.GetBytes("{\"x\":\"" + new string('z', 70_000) + "\"}");

        var response = await Json.SendAsync(HttpMethod.Post, $"/api/callbacks/zamtel/{Guid.NewGuid()}", null, body, expectContinue: true);

        AssertWorded(response, HttpStatusCode.RequestEntityTooLarge, 8);
    }

    // ---- Malformed gRPC and gRPC-Web calls ---------------------------------------------------------------------------

    /// <summary>What grpc-dotnet answered before (in brackets), per kind of malformed call to a unary method.</summary>
    public static TheoryData<string, byte[], string?> MalformedUnary => new()
    {
        { "empty body [INTERNAL: Incomplete message]", [], null },
        { "cut header [INTERNAL]", [0, 0, 0], null },
        { "length too long [INTERNAL]", Frame(0, Message(), extraLength: 10), null },
        { "bad flag [UNKNOWN: InvalidDataException]", Frame(7, Message()), null },
        { "compressed flag, no encoding [INTERNAL]", Frame(1, Message()), null },
        { "compressed flag, gzip that is not gzip [INTERNAL]", Frame(1, Message()), "gzip" },
        { "two messages [INTERNAL: Additional data]", [.. Frame(0, Message()), .. Frame(0, Message())], null },
        { "no protobuf [UNKNOWN: InvalidProtocolBufferException]", Frame(0, [0x0F, 0xFF, 0xFF]), null },
        { "huge length [UNKNOWN: IOException]", Frame(0, Message(), extraLength: int.MaxValue - 10), null },
    };

    [Theory]
    [MemberData(nameof(MalformedUnary))]
    public async Task A_malformed_grpc_call_is_refused_by_the_caller_s_code_with_a_message(string what, byte[] body, string? encoding)
    {
        using var http2 = Http2Client();
        using var request = GrpcRequest("/enerlectra.v1.OfferService/ListOffers", body, "application/grpc", encoding);

        using var response = await http2.SendAsync(request);
        var (status, message) = await GrpcStatusAsync(response);

        Assert.True(status is (int)StatusCode.InvalidArgument or (int)StatusCode.ResourceExhausted, $"{what}: grpc-status {status} ({message})");
        Assert.False(string.IsNullOrWhiteSpace(message), $"{what}: no grpc-message");
    }

    [Theory]
    [MemberData(nameof(MalformedUnary))]
    public async Task A_malformed_grpc_web_call_is_refused_by_the_caller_s_code_with_a_message(string what, byte[] body, string? encoding)
    {
        using var request = GrpcRequest("/enerlectra.v1.OfferService/ListOffers", body, "application/grpc-web+proto", encoding);
        using var http1 = Http1Client();

        using var response = await http1.SendAsync(request);
        var status = response.Headers.TryGetValues("grpc-status", out var values) ? int.Parse(values.First()) : -1;

        Assert.True(status is (int)StatusCode.InvalidArgument or (int)StatusCode.ResourceExhausted, $"{what}: grpc-status {status}");
        Assert.True(response.Headers.Contains("grpc-message"), $"{what}: no grpc-message");
    }

    [Fact]
    public async Task Grpc_web_text_that_is_not_base64_is_INVALID_ARGUMENT()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/enerlectra.v1.OfferService/ListOffers") { Content = new StringContent("!!not base64!!") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web-text");

        using var http1 = Http1Client();

        using var response = await http1.SendAsync(request);

        Assert.Equal(((int)StatusCode.InvalidArgument).ToString(), response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task A_well_formed_call_still_goes_through()
    {
        using var http2 = Http2Client();
        using var request = GrpcRequest("/enerlectra.v1.OfferService/ListOffers", Frame(0, Message()), "application/grpc", null);

        using var response = await http2.SendAsync(request);

        Assert.Equal((int)StatusCode.OK, (await GrpcStatusAsync(response)).Status);
    }

    [Fact]
    public async Task A_grpc_method_called_with_another_content_type_is_415_worded_for_both_kinds_of_client()
    {
        using var http2 = Http2Client();
        using var request = GrpcRequest("/enerlectra.v1.OfferService/ListOffers", Frame(0, Message()), "text/plain", null);

        using var response = await http2.SendAsync(request);

        AssertWorded((response.StatusCode, await response.Content.ReadAsStringAsync()), HttpStatusCode.UnsupportedMediaType, 3);
        Assert.Equal("3", response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task A_malformed_message_in_a_duplex_stream_ends_the_session_with_INVALID_ARGUMENT()
    {
        var token = await fixture.Api.TokenAsync(ApiClients.NewUserId("trader"));
        using var http2 = Http2Client();
        using var request = GrpcRequest("/enerlectra.v1.OrderService/OrderSession", Frame(0, [0x0A, 0x05, 0x41], extraLength: 0)[..6], "application/grpc", null);
        request.Headers.TryAddWithoutValidation("authorization", token.Get("authorization")!.Value);

        using var response = await http2.SendAsync(request);
        var (status, message) = await GrpcStatusAsync(response);

        Assert.True(status == (int)StatusCode.InvalidArgument, $"grpc-status {status} ({message})");
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------------

    private static string AssertWorded((HttpStatusCode Status, string Body) response, HttpStatusCode status, int code)
    {
        Assert.True(response.Status == status, $"Expected {(int)status}, got {(int)response.Status}: {response.Body}");
        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal(code, json.RootElement.GetProperty("code").GetInt32());
        var message = json.RootElement.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), $"A {(int)status} without a message: {response.Body}");
        JsonCalls.AssertNoFrameworkWords(message!);
        return message!;
    }

    private static byte[] Message() => new ListOffersRequest { MarketId = "default" }.ToByteArray();

    private static byte[] Frame(byte flag, byte[] message, int extraLength = 0)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(message.Length + extraLength));
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>
    /// Its own connections for a malformed body: the server answers, but may then close a connection whose body it
    /// did not read to the end, which the shared client could otherwise pick for another test's request.
    /// </summary>
    private HttpClient Http1Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Host.HttpPort}") };

    private HttpClient Http2Client() => new(new SocketsHttpHandler())
    {
        BaseAddress = new Uri($"http://127.0.0.1:{fixture.Host.GrpcPort}"),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>A POST with the exact bytes; HTTP/2 unless it is gRPC-Web (which goes to the HTTP/1.1 port).</summary>
    private static HttpRequestMessage GrpcRequest(string path, byte[] body, string contentType, string? encoding)
    {
        var web = contentType.StartsWith("application/grpc-web", StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = web ? HttpVersion.Version11 : HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        return request;
    }

    /// <summary>grpc-status and grpc-message from the headers (trailers-only answer) or else the trailers.</summary>
    private static async Task<(int Status, string? Message)> GrpcStatusAsync(HttpResponseMessage response)
    {
        await response.Content.ReadAsByteArrayAsync();
        string? Read(string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.First()
            : response.TrailingHeaders.TryGetValues(name, out var trailing) ? trailing.First() : null;
        var status = Read("grpc-status");
        var message = Read("grpc-message");
        return (status is null ? -1 : int.Parse(status), message is null ? null : Uri.UnescapeDataString(message));
    }
}
