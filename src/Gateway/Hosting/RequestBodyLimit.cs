using Microsoft.AspNetCore.Http.Metadata;

namespace Enerlectra.Gateway.Hosting;

/// <summary>A route's own request body limit; endpoint routing applies it in place of the server-wide one.</summary>
public sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
