using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// Where a JSON route's request message comes from, read from the gRPC method's HTTP rule: the body (all of the
/// message, one field of it, or nothing), the URL path's variables, and the query string for the remaining fields.
/// </summary>
public sealed partial class TranscodedRoute
{
    private readonly IReadOnlyList<string> _pathFields;

    private TranscodedRoute(MessageDescriptor input, bool isServerStreaming, bool hasBody, FieldDescriptor? bodyField, IReadOnlyList<string> pathFields, IReadOnlyList<string> pathVariables)
    {
        Input = input;
        IsServerStreaming = isServerStreaming;
        HasBody = hasBody;
        BodyField = bodyField;
        _pathFields = pathFields;
        PathVariables = pathVariables;
    }

    /// <summary>The gRPC method's request message.</summary>
    public MessageDescriptor Input { get; }

    /// <summary>Whether the route answers with a stream of messages (newline-delimited JSON) rather than one.</summary>
    public bool IsServerStreaming { get; }

    /// <summary>Whether the route reads a body (<c>body: "*"</c> or a field name).</summary>
    public bool HasBody { get; }

    /// <summary>The field the body fills (<c>body: "field"</c>), or null when the body is the whole message or absent.</summary>
    public FieldDescriptor? BodyField { get; }

    /// <summary>Field paths (proto names, e.g. "user_id") taken from single URL segments; also the route value names.</summary>
    public IReadOnlyList<string> PathVariables { get; }

    public static TranscodedRoute From(GrpcJsonTranscodingMetadata metadata)
    {
        var input = metadata.MethodDescriptor.InputType;
        var rule = metadata.HttpRule;
        var body = rule.Body;
        var bodyField = string.IsNullOrEmpty(body) || body == "*" ? null : input.FindFieldByName(body);
        var variables = VariablePattern().Matches(PathOf(rule));
        return new TranscodedRoute(
            input,
            metadata.MethodDescriptor.IsServerStreaming,
            !string.IsNullOrEmpty(body),
            bodyField,
            variables.Select(m => m.Groups["path"].Value).ToList(),
            // Multi-segment variables ("{name=shelves/*}") are assembled by the framework later; single ones are route values now.
            variables.Where(m => !m.Groups["segments"].Success).Select(m => m.Groups["path"].Value).ToList());
    }

    /// <summary>Whether a query parameter naming this field path would be read from the body or the URL path instead.</summary>
    public bool IsBoundElsewhere(IReadOnlyList<FieldDescriptor> path) =>
        (HasBody && (BodyField is null || path[0] == BodyField))
        || _pathFields.Contains(string.Join('.', path.Select(f => f.Name)), StringComparer.Ordinal);

    private static string PathOf(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => rule.Get,
        HttpRule.PatternOneofCase.Put => rule.Put,
        HttpRule.PatternOneofCase.Post => rule.Post,
        HttpRule.PatternOneofCase.Delete => rule.Delete,
        HttpRule.PatternOneofCase.Patch => rule.Patch,
        HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
        _ => string.Empty,
    };

    [GeneratedRegex(@"\{(?<path>[A-Za-z0-9_.]+)(?<segments>=[^}]*)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}
