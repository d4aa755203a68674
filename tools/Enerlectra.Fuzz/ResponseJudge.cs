using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Enerlectra.Fuzz;

/// <summary>What one answer was, in the terms the fuzzer checks.</summary>
public sealed record Verdict(string Outcome, string? Finding, string Detail);

/// <summary>
/// Reads an answer: a server error (HTTP 5xx other than 503, gRPC INTERNAL / UNKNOWN / DATA_LOSS) is a finding, and so
/// is a refusal without a message a front end could show (JSON: an object with a non-empty "message"; gRPC and
/// gRPC-Web: a non-empty grpc-message).
/// </summary>
public static class ResponseJudge
{
    private static readonly HashSet<int> ServerErrorStatuses = [2, 13, 15];

    public static async Task<Verdict> JudgeAsync(FuzzCase fuzzCase, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var http = (int)response.StatusCode;
        if (RefusedByHttpParser(response, http, body))
        {
            return new Verdict("http 400 from the HTTP parser", null, "refused by Kestrel before the application saw it");
        }

        return fuzzCase.Transport switch
        {
            Transport.Grpc => Grpc(response, http, Header(response, "grpc-status") ?? Trailer(response, "grpc-status"),
                Header(response, "grpc-message") ?? Trailer(response, "grpc-message")),
            Transport.GrpcWeb => GrpcWeb(response, http, body),
            _ => Json(response, http, body),
        };
    }

    /// <summary>
    /// Kestrel's own refusal of a request line it will not parse (a path with an encoded NUL, %00, say): 400, no body,
    /// connection closed. The application never sees such a request and Kestrel has no hook to word the answer, so it
    /// is told apart (and counted in the report) rather than judged as a refusal of the server's own code; every
    /// 400 the application answers has a body and keeps the connection.
    /// </summary>
    private static bool RefusedByHttpParser(HttpResponseMessage response, int http, byte[] body) =>
        http == 400 && body.Length == 0 && response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true;

    private static Verdict Json(HttpResponseMessage response, int http, byte[] body)
    {
        if (http >= 500 && http != (int)HttpStatusCode.ServiceUnavailable)
        {
            return new Verdict($"http {http}", "server error", Text(body));
        }

        if (http < 400)
        {
            return new Verdict($"http {http}", null, "");
        }

        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            return new Verdict($"http {http}", null, "a HEAD answer has no body");
        }

        return Message(body) is { Length: > 0 } message
            ? new Verdict($"http {http}", null, message)
            : new Verdict($"http {http}", "refusal without a message", Text(body));
    }

    private static Verdict Grpc(HttpResponseMessage response, int http, string? status, string? message)
    {
        if (status is null)
        {
            // Refused before gRPC took the call (HTTP level): read it as a JSON answer would be.
            return http >= 500 && http != 503
                ? new Verdict($"http {http}", "server error", "no grpc-status")
                : http >= 400 && string.IsNullOrEmpty(message)
                    ? new Verdict($"http {http}", "refusal without a message", $"HTTP {http}, no grpc-status")
                    : new Verdict($"http {http}", null, "");
        }

        var code = int.TryParse(status, out var c) ? c : -1;
        if (ServerErrorStatuses.Contains(code))
        {
            return new Verdict($"grpc {code}", "server error", Uri.UnescapeDataString(message ?? ""));
        }

        return code != 0 && string.IsNullOrWhiteSpace(message)
            ? new Verdict($"grpc {code}", "refusal without a message", "")
            : new Verdict($"grpc {code}", null, Uri.UnescapeDataString(message ?? ""));
    }

    private static Verdict GrpcWeb(HttpResponseMessage response, int http, byte[] body)
    {
        var status = Header(response, "grpc-status");
        var message = Header(response, "grpc-message");
        if (status is null)
        {
            var frames = body;
            if (response.Content.Headers.ContentType?.MediaType?.EndsWith("-text", StringComparison.Ordinal) == true)
            {
                try
                {
                    frames = Convert.FromBase64String(Encoding.ASCII.GetString(body));
                }
                catch (FormatException)
                {
                    frames = [];
                }
            }

            foreach (var (key, value) in Trailers(frames))
            {
                if (key == "grpc-status")
                {
                    status = value;
                }
                else if (key == "grpc-message")
                {
                    message = value;
                }
            }
        }

        return status is null && http < 400 && body.Length == 0
            ? new Verdict($"http {http}", null, "")
            : Grpc(response, http, status, message ?? (status is null ? Message(body) : null));
    }

    /// <summary>The trailer frame of a gRPC-Web body (flag 0x80): "name: value" lines.</summary>
    private static IEnumerable<(string Key, string Value)> Trailers(byte[] frames)
    {
        var offset = 0;
        while (offset + 5 <= frames.Length)
        {
            var flag = frames[offset];
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(frames.AsSpan(offset + 1)), (uint)(frames.Length - offset - 5));
            if ((flag & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(frames, offset + 5, length).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0)
                    {
                        yield return (line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim());
                    }
                }
            }

            offset += 5 + length;
        }
    }

    private static string? Message(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? Trailer(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Text(byte[] body) => Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
}
