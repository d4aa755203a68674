using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Enerlectra.Gateway.Validation;

/// <summary>Looking up request fields by the names clients use, and saying in words what a field takes.</summary>
public static class ProtoFields
{
    /// <summary>A field by JSON name (lowerCamelCase) or, failing that, proto name (snake_case), as JSON transcoding reads them.</summary>
    public static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        message.Fields.InFieldNumberOrder().FirstOrDefault(f => f.JsonName == name)
        ?? message.Fields.InFieldNumberOrder().FirstOrDefault(f => f.Name == name);

    /// <summary>A dotted path ("a.b") through singular, ordinary message fields, or null when it names no field.</summary>
    public static IReadOnlyList<FieldDescriptor>? FindPath(MessageDescriptor message, string path, bool allowJsonNames)
    {
        var fields = new List<FieldDescriptor>();
        MessageDescriptor? current = message;
        foreach (var name in path.Split('.'))
        {
            if (current is null)
            {
                return null;
            }

            var field = allowJsonNames ? Find(current, name) : current.FindFieldByName(name);
            if (field is null)
            {
                return null;
            }

            fields.Add(field);
            current = field.FieldType == FieldType.Message && !field.IsRepeated && !IsWellKnown(field.MessageType) ? field.MessageType : null;
        }

        return fields;
    }

    /// <summary>The JSON path of a field path as a client writes it ("energyWh", "address.line1").</summary>
    public static string JsonPath(IEnumerable<FieldDescriptor> path) => string.Join('.', path.Select(f => f.JsonName));

    public static bool IsWellKnown(MessageDescriptor message) => message.File.Package == "google.protobuf";

    public static bool IsWrapper(MessageDescriptor message) => message.File.Name == "google/protobuf/wrappers.proto";

    /// <summary>What a single value of the field must be, as a sentence naming it by <paramref name="path"/>.</summary>
    public static string Expected(FieldDescriptor field, string path) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => $"{path} must be a whole number from {int.MinValue} to {int.MaxValue}.",
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => $"{path} must be a whole number from {long.MinValue} to {long.MaxValue}.",
        FieldType.UInt32 or FieldType.Fixed32 => $"{path} must be a whole number from 0 to {uint.MaxValue}.",
        FieldType.UInt64 or FieldType.Fixed64 => $"{path} must be a whole number from 0 to {ulong.MaxValue}.",
        FieldType.Double or FieldType.Float => $"{path} must be a number.",
        FieldType.Bool => $"{path} must be true or false.",
        FieldType.String => $"{path} must be text (a JSON string).",
        FieldType.Bytes => $"{path} must be base64-encoded bytes.",
        FieldType.Enum => $"{path} must be one of: {string.Join(", ", field.EnumType.Values.Take(20).Select(v => v.Name))}.",
        FieldType.Message => ExpectedMessage(field, path),
        _ => $"{path} is not supported here.",
    };

    private static string ExpectedMessage(FieldDescriptor field, string path)
    {
        var type = field.MessageType;
        if (IsWrapper(type))
        {
            return Expected(type.FindFieldByNumber(1), path);
        }

        var name = type.FullName;
        if (name == Timestamp.Descriptor.FullName)
        {
            return $"{path} must be a date and time such as 2026-12-31T18:00:00Z.";
        }

        if (name == Duration.Descriptor.FullName)
        {
            return $"{path} must be a duration in seconds such as \"90s\" or \"1.5s\".";
        }

        if (name == FieldMask.Descriptor.FullName)
        {
            return $"{path} must be field names separated by commas.";
        }

        return name == ListValue.Descriptor.FullName ? $"{path} must be a list (a JSON array)." : $"{path} must be a JSON object.";
    }
}
