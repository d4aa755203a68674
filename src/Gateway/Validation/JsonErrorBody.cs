using System.Text.Json;
using Grpc.Core;

namespace Enerlectra.Gateway.Validation;

/// <summary>Writes an error in the shape JSON transcoding uses for gRPC statuses: <c>{"code":3,"message":"...","details":[]}</c>.</summary>
public static class JsonErrorBody
{
    public const string ContentType = "application/json; charset=utf-8";

    public static byte[] Of(StatusCode code, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code", (int)code);
            json.WriteString("message", message);
            json.WriteStartArray("details");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpResponse response, RequestRefusal refusal)
    {
        var body = Of(refusal.Code, refusal.Message);
        response.StatusCode = refusal.HttpStatus;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}
