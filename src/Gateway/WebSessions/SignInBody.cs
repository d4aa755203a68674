using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>The sign-in request's JSON body, <c>{"userId": "...", "deviceId": "..."}</c>, read with its own size limit and errors.</summary>
public sealed record SignInBody(string? UserId, string? DeviceId)
{
    /// <summary>The body, or a problem naming what is wrong with it (never a parser's own words).</summary>
    public static async Task<(SignInBody Body, string? Problem)> ReadAsync(HttpRequest request, long maxBytes)
    {
        var empty = new SignInBody(null, null);
        if (request.ContentLength > maxBytes)
        {
            return (empty, $"The request body is too large: at most {maxBytes} bytes.");
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[4096];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    return (empty, $"The request body is too large: at most {maxBytes} bytes.");
                }
            }

            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            return (empty, "The request body could not be read.");
        }

        if (bytes.Length == 0)
        {
            return (empty, "deviceId is required: send a JSON body {\"deviceId\": \"...\"}.");
        }

        // Only JSON: a page on another site can post a form or text/plain without asking, but not JSON (CORS asks first).
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (empty, "The body must be JSON (Content-Type: application/json) with deviceId.");
        }

        try
        {
            using var json = JsonDocument.Parse(bytes);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (empty, "The body must be a JSON object with deviceId (and userId in Development).");
            }

            string? userId = null, deviceId = null;
            foreach (var property in json.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "userId":
                        if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        {
                            return (empty, "userId must be a string.");
                        }

                        userId = property.Value.GetString();
                        break;
                    case "deviceId":
                        if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        {
                            return (empty, "deviceId must be a string.");
                        }

                        deviceId = property.Value.GetString();
                        break;
                }
            }

            return (new SignInBody(userId, deviceId), null);
        }
        catch (JsonException)
        {
            return (empty, "The body is not valid JSON: send {\"deviceId\": \"...\"}.");
        }
    }
}
