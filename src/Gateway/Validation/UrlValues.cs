using System.Globalization;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// Checks the query string and URL path values of a JSON route against the request message, so each is refused
/// naming its field rather than by the framework's conversion error. Returns the problem in words, or null.
/// </summary>
public static partial class UrlValues
{
    public static string? CheckQuery(TranscodedRoute route, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            var path = ProtoFields.FindPath(route.Input, key, allowJsonNames: true);
            if (path is null)
            {
                return $"Unknown query parameter '{Shown(key)}'.";
            }

            var name = ProtoFields.JsonPath(path);
            if (route.IsBoundElsewhere(path))
            {
                // The framework would ignore it (body) or let it override the URL (path): either way not what was meant.
                return route.HasBody && (route.BodyField is null || path[0] == route.BodyField)
                    ? $"{name} belongs in the JSON body, not the query string."
                    : $"{name} is part of the URL path, not the query string.";
            }

            var field = path[^1];
            if (field.IsMap || (field.FieldType == FieldType.Message && !IsText(field.MessageType)))
            {
                return $"{name} cannot be given in the query string.";
            }

            // Also under its other name ("pageSize" and "page_size"): the framework would keep whichever came last.
            if (!seen.Add(name) || (!field.IsRepeated && values.Count > 1))
            {
                return $"{name} is given more than once.";
            }

            foreach (var value in values)
            {
                if (!IsValidText(field, value ?? string.Empty))
                {
                    return ProtoFields.Expected(field, name);
                }
            }
        }

        return null;
    }

    public static string? CheckPath(TranscodedRoute route, RouteValueDictionary routeValues)
    {
        foreach (var variable in route.PathVariables)
        {
            if (ProtoFields.FindPath(route.Input, variable, allowJsonNames: false) is { } path
                && routeValues.TryGetValue(variable, out var value) && value is string text
                && !IsValidText(path[^1], text))
            {
                return ProtoFields.Expected(path[^1], ProtoFields.JsonPath(path));
            }
        }

        return null;
    }

    /// <summary>Whether the framework converts this text to the field's type without error (a little stricter: no spaces).</summary>
    public static bool IsValidText(FieldDescriptor field, string text) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldType.Double => IsNamedFloat(text) || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)),
        FieldType.Float => IsNamedFloat(text) || (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f)),
        FieldType.Bool => text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase),
        FieldType.String => true,
        FieldType.Bytes => Convert.TryFromBase64String(text, new byte[text.Length], out _),
        FieldType.Enum => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? field.EnumType.FindValueByNumber(number) is not null
            : field.EnumType.FindValueByName(text) is not null,
        FieldType.Message => IsValidMessageText(field.MessageType, text),
        _ => false,
    };

    private static bool IsValidMessageText(MessageDescriptor type, string text)
    {
        if (ProtoFields.IsWrapper(type))
        {
            return IsValidText(type.FindFieldByNumber(1), text);
        }

        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return ProtoTimeText.IsTimestamp(text);
        }

        if (type.FullName == Duration.Descriptor.FullName)
        {
            return ProtoTimeText.IsDuration(text);
        }

        return type.FullName == FieldMask.Descriptor.FullName && FieldMaskPattern().IsMatch(text);
    }

    /// <summary>The message types the framework reads from one piece of text.</summary>
    private static bool IsText(MessageDescriptor type) =>
        ProtoFields.IsWrapper(type)
        || type.FullName == Timestamp.Descriptor.FullName
        || type.FullName == Duration.Descriptor.FullName
        || type.FullName == FieldMask.Descriptor.FullName;

    private static bool IsNamedFloat(string text) => text is "NaN" or "Infinity" or "-Infinity";

    /// <summary>A name a client sent, shortened for an error message.</summary>
    internal static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9_.,]*\z")]
    private static partial System.Text.RegularExpressions.Regex FieldMaskPattern();
}
