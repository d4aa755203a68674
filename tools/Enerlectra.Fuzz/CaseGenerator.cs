using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Enerlectra.Fuzz;

/// <summary>
/// Turns the seed and an index into one hostile request: JSON routes with hostile paths, queries, bodies and tokens;
/// malformed gRPC frames on the HTTP/2 port and gRPC-Web bodies on the HTTP/1.1 port; forged and replayed provider
/// callbacks; and requests no route expects. Case <c>i</c> depends only on (seed, i), so a finding is reproduced by
/// running the same seed again.
/// </summary>
public sealed class CaseGenerator(FuzzOptions options, SeedState seed, IReadOnlyList<ApiMethod> methods)
{
    private readonly IReadOnlyList<ApiMethod> _routes = methods.Where(m => m.HasRoute).ToList();
    private readonly HostileTokens _tokens = new(options);
    private readonly PlausibleValues _plausible = new(seed);

    public FuzzCase Case(int index)
    {
        // Not HashCode.Combine: it is seeded afresh in every process, so the same seed would send other cases next run.
        var random = new Random(unchecked((options.Seed * 1_000_003) ^ (index * 7_919)));
        var roll = random.Next(100);
        return roll switch
        {
            < 55 => JsonRoute(index, random),
            < 70 => GrpcFrame(index, random, web: false),
            < 80 => GrpcFrame(index, random, web: true),
            < 90 => Callback(index, random),
            _ => Raw(index, random),
        };
    }

    // ---- JSON routes ------------------------------------------------------------------------------------------

    private FuzzCase JsonRoute(int index, Random random)
    {
        var method = _routes[random.Next(_routes.Count)];
        var path = new StringBuilder();
        foreach (var segment in method.PathTemplate!.Split('/').Skip(1))
        {
            path.Append('/').Append(segment.StartsWith('{')
                ? random.Next(10) < 6 ? Uri.EscapeDataString(_plausible.Segment(segment.Trim('{', '}'), random)) : HostileValues.Segment(random)
                : segment);
        }

        var fields = method.Method.InputType.Fields.InFieldNumberOrder()
            .Where(f => !method.PathParameters.Contains(f.Name)).ToList();
        if (method.Body is null)
        {
            var query = fields.Where(_ => random.Next(3) == 0)
                .Select(f => $"{f.JsonName}={(random.Next(2) == 0 ? HostileValues.QueryValue(random) : Uri.EscapeDataString(_plausible.For(f, random).Trim('"')))}")
                .ToList();
            if (random.Next(8) == 0)
            {
                query.Add($"unknownField{random.Next(9)}={HostileValues.QueryValue(random)}");
            }

            if (query.Count > 0)
            {
                path.Append('?').Append(string.Join('&', query));
            }
        }

        var verb = new HttpMethod(method.Verb!);
        var kind = $"json {method.Verb} {method.PathTemplate}";
        var auth = Authorization(random);
        var body = method.Body is null ? null : JsonBody(fields, random);
        var contentType = ContentType(random);
        return new FuzzCase(index, kind, Transport.Json, () =>
        {
            var request = new HttpRequestMessage(verb, path.ToString());
            Authorize(request, auth);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            return request;
        });
    }

    private byte[] JsonBody(IReadOnlyList<FieldDescriptor> fields, Random random)
    {
        switch (random.Next(20))
        {
            case 0:
                return [];
            case 1:
                return Encoding.UTF8.GetBytes(HostileValues.Json(random, numeric: random.Next(2) == 0));
            case 2:
                return Encoding.UTF8.GetBytes("{\"a\":" + new string('[', random.Next(10, 5_000)));
            case 3:
                return Encoding.UTF8.GetBytes("{" + string.Join(',', Enumerable.Range(0, random.Next(100, 3_000)).Select(i => $"\"f{i}\":{i}")) + "}");
            case 4:
                return Encoding.UTF8.GetBytes("{\"x\":\"" + new string('y', random.Next(17_000, 200_000)) + "\"}");
        }

        var parts = new List<string>();
        foreach (var field in fields.Where(_ => random.Next(10) < 7))
        {
            var value = random.Next(2) == 0 ? HostileValues.Json(random, IsNumeric(field)) : _plausible.For(field, random);
            parts.Add($"\"{(random.Next(10) == 0 ? field.Name : field.JsonName)}\":{value}");
        }

        if (random.Next(6) == 0)
        {
            parts.Add($"\"unknown{random.Next(9)}\":{HostileValues.Json(random, false)}");
        }

        if (random.Next(12) == 0 && parts.Count > 0)
        {
            parts.Add(parts[0]); // the same field twice
        }

        var json = Encoding.UTF8.GetBytes("{" + string.Join(',', parts) + "}");
        return random.Next(10) switch
        {
            0 => json[..Math.Max(1, json.Length - random.Next(1, Math.Max(2, json.Length)))],
            1 => [.. json[..(json.Length / 2)], .. HostileValues.BadUtf8(random), .. json[(json.Length / 2)..]],
            _ => json,
        };
    }

    private static bool IsNumeric(FieldDescriptor field) =>
        field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Enum or FieldType.Bool);

    private static string? ContentType(Random random) => random.Next(12) switch
    {
        0 => null,
        1 => "text/plain",
        2 => "application/json; charset=iso-8859-1",
        3 => "application/x-www-form-urlencoded",
        4 => "application/json; charset=\"",
        _ => "application/json",
    };

    // ---- gRPC and gRPC-Web --------------------------------------------------------------------------------------

    private FuzzCase GrpcFrame(int index, Random random, bool web)
    {
        var method = methods[random.Next(methods.Count)];
        var message = Message(method.Method.InputType, random);
        var (frame, what) = Frame(message, random);
        var text = web && random.Next(3) == 0;
        var contentType = web
            ? text ? "application/grpc-web-text" : random.Next(6) == 0 ? "application/grpc-web+json" : "application/grpc-web+proto"
            : random.Next(8) switch { 0 => "application/grpc+json", 1 => "text/plain", 2 => "application/grpc+proto", _ => "application/grpc" };
        var body = text
            ? random.Next(5) == 0 ? Encoding.ASCII.GetBytes("!!not base64!!" + HostileValues.RandomString(random, 20)) : Encoding.ASCII.GetBytes(Convert.ToBase64String(frame))
            : frame;
        var auth = Authorization(random);
        var encoding = random.Next(10) == 0 ? (random.Next(2) == 0 ? "gzip" : "snappy-" + random.Next(9)) : null;
        var timeout = random.Next(12) == 0 ? new[] { "1n", "0S", "99999999999H", "abc", "-1m" }[random.Next(5)] : null;
        var kind = $"{(web ? "grpc-web" : "grpc")} {method.GrpcPath} ({what})";
        return new FuzzCase(index, kind, web ? Transport.GrpcWeb : Transport.Grpc, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, method.GrpcPath);
            if (!web)
            {
                request.Version = System.Net.HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
                request.Headers.TryAddWithoutValidation("TE", "trailers");
            }

            Authorize(request, auth);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            if (encoding is not null)
            {
                request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
            }

            if (timeout is not null)
            {
                request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
            }

            return request;
        });
    }

    /// <summary>The input message with hostile and plausible fields, or bytes that are no message at all.</summary>
    private byte[] Message(MessageDescriptor type, Random random)
    {
        if (random.Next(4) == 0)
        {
            var junk = new byte[random.Next(0, 300)];
            random.NextBytes(junk);
            return junk;
        }

        var parts = type.Fields.InFieldNumberOrder()
            .Where(_ => random.Next(10) < 7)
            .Select(f => $"\"{f.JsonName}\":{(random.Next(3) == 0 ? HostileValues.Json(random, IsNumeric(f)) : _plausible.For(f, random))}");
        try
        {
            return type.Parser.ParseJson("{" + string.Join(',', parts) + "}").ToByteArray();
        }
        catch (Exception)
        {
            // The hostile JSON did not even parse client-side; send what parses of the plausible values instead.
            return type.Parser.ParseJson("{}").ToByteArray();
        }
    }

    private static (byte[] Frame, string What) Frame(byte[] message, Random random)
    {
        var roll = random.Next(12);
        var flag = roll == 1 ? (byte)1 : roll == 2 ? (byte)random.Next(2, 256) : (byte)0;
        uint length = roll switch
        {
            3 => (uint)message.Length + (uint)random.Next(1, 1_000),
            4 => (uint)Math.Max(0, message.Length - random.Next(1, Math.Max(2, message.Length + 1))),
            5 => uint.MaxValue,
            6 => 0x7FFF_FFFFu,
            _ => (uint)message.Length,
        };
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length);
        message.CopyTo(frame, 5);
        return roll switch
        {
            7 => (Array.Empty<byte>(), "empty body"),
            8 => (frame[..Math.Min(frame.Length, random.Next(1, 5))], "cut header"),
            9 => (frame.Concat(frame).ToArray(), "two messages"),
            10 => (Encoding.UTF8.GetBytes("{\"offerId\":\"x\"}"), "json, no frame"),
            _ => (frame, roll switch { 1 => "compressed flag", 2 => "bad flag", 3 => "length too long", 4 => "length too short", 5 or 6 => "huge length", _ => "framed" }),
        };
    }

    // ---- Provider callbacks ---------------------------------------------------------------------------------------

    private FuzzCase Callback(int index, Random random)
    {
        var reference = random.Next(4) switch
        {
            0 => seed.TradeId,
            1 => Guid.NewGuid().ToString(),
            2 => HostileValues.Segment(random),
            _ => Guid.Empty.ToString(),
        };
        var provider = new[] { "mtn", "airtel", "zamtel", "airtel-plain" }[random.Next(4)];
        var path = provider switch
        {
            "airtel-plain" => "/api/callbacks/airtel",
            _ => $"/api/callbacks/{provider}/{reference}",
        };
        var status = new[] { "SUCCESSFUL", "FAILED", "TS", "TF", "success", "", "PENDING" }[random.Next(7)];
        var body = random.Next(5) switch
        {
            0 => $"{{\"financialTransactionId\":\"{random.Next()}\",\"externalId\":\"{reference}\",\"amount\":\"100\",\"currency\":\"ZMW\",\"status\":\"{status}\"}}",
            1 => $"{{\"transaction\":{{\"id\":\"{reference}\",\"message\":\"ok\",\"status_code\":\"{status}\",\"airtel_money_id\":\"{random.Next()}\"}},\"hash\":\"{Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\"}}",
            2 => $"{{\"reference\":\"{reference}\",\"status\":\"{status}\",\"amount\":{HostileValues.Json(random, true)}}}",
            3 => HostileValues.Json(random, random.Next(2) == 0),
            _ => "{\"x\":\"" + new string('z', random.Next(10, 100_000)) + "\"}",
        };
        var verb = provider == "mtn" && random.Next(2) == 0 ? HttpMethod.Put : HttpMethod.Post;
        return new FuzzCase(index, $"callback {provider}", Transport.Callback, () =>
        {
            var request = new HttpRequestMessage(verb, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (random.Next(3) == 0)
            {
                request.Headers.TryAddWithoutValidation("X-Signature", HostileValues.RandomString(random, 40));
            }

            return request;
        });
    }

    // ---- Requests no route expects -----------------------------------------------------------------------------------

    private FuzzCase Raw(int index, Random random)
    {
        var route = _routes[random.Next(_routes.Count)];
        var verb = new[] { "PUT", "PATCH", "DELETE", "POST", "GET", "HEAD", "OPTIONS", "TRACE", "FUZZ" }[random.Next(9)];
        var path = random.Next(4) switch
        {
            0 => "/api/" + HostileValues.Segment(random) + "/" + HostileValues.Segment(random),
            1 => route.PathTemplate!.Replace("{", "").Replace("}", "") + "/" + HostileValues.Segment(random),
            2 => "/api/offers/" + new string('a', random.Next(1_000, 8_000)),
            _ => route.PathTemplate!.Replace("{user_id}", seed.SellerId).Replace("{offer_id}", seed.OfferId)
                .Replace("{trade_id}", seed.TradeId).Replace("{market_id}", "default").Replace("{", "").Replace("}", ""),
        };
        var auth = Authorization(random);
        var size = random.Next(4) == 0 ? random.Next(16 * 1024, 2 * 1024 * 1024) : random.Next(0, 64);
        return new FuzzCase(index, $"raw {verb}", Transport.Raw, () =>
        {
            var request = new HttpRequestMessage(new HttpMethod(verb), path);
            Authorize(request, auth);
            if (verb is not ("GET" or "HEAD" or "TRACE") && size > 0)
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                request.Content = new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            return request;
        });
    }

    // ---- Authorization -------------------------------------------------------------------------------------------

    /// <summary>The fuzz user's own valid token (most requests, so hostile values reach validation), or a bad one.</summary>
    private string Authorization(Random random) =>
        random.Next(10) < 6 ? "Bearer " + seed.FuzzToken : _tokens.Pick(random, random.Next(2) == 0 ? seed.SellerId : seed.FuzzUserId);

    private static void Authorize(HttpRequestMessage request, string authorization)
    {
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
    }
}
