using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Enerlectra.Sandbox;

/// <summary>Strict readers for request bodies: the sandbox refuses what a real provider would refuse.</summary>
internal static class SandboxJsonFields
{
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonObject? obj, string name) =>
        obj?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The raw text of a JSON number (so amounts are parsed exactly, never through double).</summary>
    public static string? NumberText(JsonObject? obj, string name) =>
        obj?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : null;

    public static long? Integer(JsonObject? obj, string name) =>
        obj?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), out long n) ? n : null;

    public static bool IsDigits(string? s, int length) => s is not null && s.Length == length && s.All(char.IsAsciiDigit);
}
