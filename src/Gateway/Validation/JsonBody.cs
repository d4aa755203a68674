using System.Text.Unicode;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// Checks a JSON request body against the route's request message before JSON transcoding reads it: valid UTF-8 and
/// JSON, known fields only (a misspelt field would otherwise be dropped without a word), each given once and holding
/// a value of its type that the framework converts without error. Returns the first problem in words naming the
/// field, or null.
/// </summary>
public static class JsonBody
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 };

    /// <summary>Whether the body holds nothing but whitespace (read as an empty request).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;

    public static string? Check(ReadOnlySpan<byte> body, TranscodedRoute route)
    {
        if (body.StartsWith(ByteOrderMark))
        {
            body = body[ByteOrderMark.Length..];
        }

        if (!Utf8.IsValid(body))
        {
            return "The request body is not valid UTF-8 text.";
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            reader.Read();
            string? problem;
            if (route.BodyField is { } field)
            {
                problem = Value(ref reader, field, field.JsonName);
            }
            else if (reader.TokenType != JsonTokenType.StartObject)
            {
                return "The request body must be a JSON object.";
            }
            else
            {
                problem = Message(ref reader, route.Input, prefix: string.Empty);
            }

            if (problem is not null)
            {
                return problem;
            }

            // Anything after the value (a second value, stray characters) is an error of its own.
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            return $"The request body is not valid JSON (at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line).";
        }
    }

    /// <summary>The reader is on the object's StartObject; returns with it on the matching EndObject.</summary>
    private static string? Message(ref Utf8JsonReader reader, MessageDescriptor message, string prefix)
    {
        var seen = new HashSet<int>();
        var oneofs = new Dictionary<OneofDescriptor, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryGetString(ref reader, out var name))
            {
                return $"A field name in {(prefix.Length == 0 ? "the request body" : prefix.TrimEnd('.'))} is not valid text.";
            }

            var field = ProtoFields.Find(message, name);
            if (field is null)
            {
                return $"Unknown field '{UrlValues.Shown(prefix + name)}'.";
            }

            var path = prefix + field.JsonName;
            if (!seen.Add(field.FieldNumber))
            {
                return $"{path} is given more than once.";
            }

            if (field.RealContainingOneof is { } oneof)
            {
                if (oneofs.TryGetValue(oneof, out var other))
                {
                    return $"Only one of {other} and {path} may be given.";
                }

                oneofs[oneof] = path;
            }

            reader.Read();
            if (Value(ref reader, field, path) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The reader is on the value's first token; returns with it on the value's last token.</summary>
    private static string? Value(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            // The framework reads null as "not set" only for message fields; elsewhere it fails on it.
            return field.FieldType == FieldType.Message && !field.IsRepeated
                ? null
                : $"{path} cannot be null; leave it out to use the default.";
        }

        if (field.IsMap)
        {
            return Map(ref reader, field, path);
        }

        if (field.IsRepeated)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return $"{path} must be a list (a JSON array).";
            }

            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                var element = $"{path}[{i}]";
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return $"{element} cannot be null.";
                }

                if (Single(ref reader, field, element) is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        return Single(ref reader, field, path);
    }

    private static string? Map(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"{path} must be a JSON object.";
        }

        var key = field.MessageType.FindFieldByNumber(1);
        var value = field.MessageType.FindFieldByNumber(2);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryGetString(ref reader, out var name) || !keys.Add(name) || !UrlValues.IsValidText(key, name))
            {
                return $"{path} has a key that is not valid (keys must be distinct and {KeyWords(key)}).";
            }

            var entry = $"{path}.{UrlValues.Shown(name)}";
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return $"{entry} cannot be null.";
            }

            if (Single(ref reader, value, entry) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>One value of the field's type (an element, for a repeated field).</summary>
    private static string? Single(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        if (field.FieldType == FieldType.Message)
        {
            return MessageValue(ref reader, field, path);
        }

        if (field.FieldType == FieldType.String)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return ProtoFields.Expected(field, path);
            }

            return TryGetString(ref reader, out _) ? null : $"{path} is not valid text.";
        }

        var number = reader.TokenType == JsonTokenType.Number;
        var valid = field.FieldType switch
        {
            // 32-bit numbers only as JSON numbers: the framework does not read them from strings.
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => number && reader.TryGetInt32(out _),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => number ? reader.TryGetInt64(out _) : StringIs(ref reader, field),
            FieldType.UInt32 or FieldType.Fixed32 => number && reader.TryGetUInt32(out _),
            FieldType.UInt64 or FieldType.Fixed64 => number ? reader.TryGetUInt64(out _) : StringIs(ref reader, field),
            FieldType.Double => number ? reader.TryGetDouble(out var d) && double.IsFinite(d) : IsNamedFloat(ref reader),
            FieldType.Float => number ? reader.TryGetSingle(out var f) && float.IsFinite(f) : IsNamedFloat(ref reader),
            FieldType.Bool => reader.TokenType is JsonTokenType.True or JsonTokenType.False,
            FieldType.Bytes => reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out _),
            FieldType.Enum => number ? reader.TryGetInt32(out _) : StringIs(ref reader, field),
            _ => false,
        };
        return valid ? null : ProtoFields.Expected(field, path);
    }

    private static bool IsNamedFloat(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
        && (reader.ValueTextEquals("NaN"u8) || reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("-Infinity"u8));

    private static string? MessageValue(ref Utf8JsonReader reader, FieldDescriptor field, string path)
    {
        var type = field.MessageType;
        if (ProtoFields.IsWrapper(type))
        {
            return Single(ref reader, type.FindFieldByNumber(1), path);
        }

        var name = type.FullName;
        if (name == Timestamp.Descriptor.FullName || name == Duration.Descriptor.FullName || name == FieldMask.Descriptor.FullName)
        {
            return StringIs(ref reader, field) ? null : ProtoFields.Expected(field, path);
        }

        if (name == Google.Protobuf.WellKnownTypes.Value.Descriptor.FullName)
        {
            reader.Skip();
            return null;
        }

        if (name == Struct.Descriptor.FullName || name == ListValue.Descriptor.FullName)
        {
            var expected = name == Struct.Descriptor.FullName ? JsonTokenType.StartObject : JsonTokenType.StartArray;
            if (reader.TokenType != expected)
            {
                return ProtoFields.Expected(field, path);
            }

            reader.Skip();
            return null;
        }

        if (name == Any.Descriptor.FullName)
        {
            return $"{path} is not supported on this API.";
        }

        return reader.TokenType == JsonTokenType.StartObject
            ? Message(ref reader, type, path + ".")
            : ProtoFields.Expected(field, path);
    }

    /// <summary>A JSON string whose text the framework converts to the field's type (numbers, enum names, times).</summary>
    private static bool StringIs(ref Utf8JsonReader reader, FieldDescriptor field)
    {
        if (reader.TokenType != JsonTokenType.String || !TryGetString(ref reader, out var text))
        {
            return false;
        }

        if (field.FieldType == FieldType.Enum)
        {
            return field.EnumType.FindValueByName(text) is not null;
        }

        return UrlValues.IsValidText(field, text);
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but not text.
            text = string.Empty;
            return false;
        }
    }

    private static string KeyWords(FieldDescriptor key) => key.FieldType switch
    {
        FieldType.String => "text",
        FieldType.Bool => "true or false",
        _ => "whole numbers",
    };
}
