using Google.Api;
using Google.Protobuf.Reflection;

namespace Enerlectra.Fuzz;

/// <summary>One RPC of the public API, with its JSON route when it has one.</summary>
public sealed record ApiMethod(MethodDescriptor Method, string? Verb, string? PathTemplate, string? Body)
{
    /// <summary>The gRPC path, e.g. "/enerlectra.v1.OfferService/CreateOffer".</summary>
    public string GrpcPath => $"/{Method.Service.FullName}/{Method.Name}";

    public bool HasRoute => Verb is not null && PathTemplate is not null;

    /// <summary>Changes state when it succeeds (everything but reads and streams a client only listens to).</summary>
    public bool Mutates => Verb is not ("GET" or null);

    public bool IsStreaming => Method.IsClientStreaming || Method.IsServerStreaming;

    public IReadOnlyList<string> PathParameters => PathTemplate is null
        ? []
        : PathTemplate.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
}

/// <summary>Every method of the public protos, read from the generated descriptors (so new routes are fuzzed too).</summary>
public static class RouteCatalog
{
    public static IReadOnlyList<ApiMethod> Load()
    {
        var files = typeof(Enerlectra.Api.V1.OfferService).Assembly.GetTypes()
            .Where(t => t.Namespace == "Enerlectra.Api.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!);
        var methods = new List<ApiMethod>();
        foreach (var service in files.SelectMany(f => f.Services).OrderBy(s => s.FullName, StringComparer.Ordinal))
        {
            foreach (var method in service.Methods)
            {
                var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
                var (verb, path) = rule?.PatternCase switch
                {
                    HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
                    HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
                    HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
                    HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
                    HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
                    _ => ((string?)null, (string?)null),
                };
                methods.Add(new ApiMethod(method, verb, path, string.IsNullOrEmpty(rule?.Body) ? null : rule!.Body));
            }
        }

        return methods;
    }
}
