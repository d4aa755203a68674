using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>Raw JSON requests as any HTTP client can send them (bodies as exact text or bytes), and what an error must look like.</summary>
public sealed class JsonCalls(HttpClient http)
{
    /// <summary>Wording of parsers and runtimes that must never reach a client.</summary>
    private static readonly string[] FrameworkWords =
    [
        "input string", "correct format", "Int32", "Int64", "JSON payload", "(Parameter '", "LineNumber", "BytePosition",
        "Exception", "System.", "Value was either", "Unable to", "Invalid Timestamp", "Cannot read", "could not be converted",
        "Unexpected JSON token", "too large or too small", "Request body too large", "Value cannot be null", "handler",
    ];

    public async Task<string> TokenAsync(string userId, params string[] roles)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/dev-token", new { userId, roles });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? token = null, string? json = null, string contentType = "application/json") =>
        SendAsync(method, path, token, json is null ? null : Encoding.UTF8.GetBytes(json), contentType);

    /// <param name="expectContinue">
    /// Send the body only once the server asks for it, as clients do with large uploads: a server that refuses by the
    /// Content-Length then answers without reading (and its close would otherwise break a body still being sent).
    /// </param>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpMethod method, string path, string? token, byte[]? body, string contentType = "application/json", bool chunked = false, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.ExpectContinue = expectContinue;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            // A stream of unknown length goes out chunked, without a Content-Length to refuse it by.
            request.Content = chunked ? new StreamContent(new NonSeekableStream(body)) : new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// An error in the JSON shape of gRPC statuses, <c>{"code":N,"message":"...","details":[]}</c>, whose message names
    /// <paramref name="field"/> and holds none of the framework's own words. Returns the message.
    /// </summary>
    public static string AssertError((HttpStatusCode Status, string Body) response, HttpStatusCode status, int code, string field)
    {
        Assert.True(response.Status == status, $"Expected {(int)status}, got {(int)response.Status}: {response.Body}");
        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        Assert.Equal(code, root.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("details").ValueKind);
        var message = root.GetProperty("message").GetString()!;
        Assert.Contains(field, message, StringComparison.Ordinal);
        AssertNoFrameworkWords(message);
        return message;
    }

    public static void AssertNoFrameworkWords(string message)
    {
        foreach (var words in FrameworkWords)
        {
            Assert.False(message.Contains(words, StringComparison.OrdinalIgnoreCase), $"The message has framework wording ('{words}'): {message}");
        }
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
