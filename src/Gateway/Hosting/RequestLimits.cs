namespace Enerlectra.Gateway.Hosting;

/// <summary>
/// How large a request may be (configuration section "Gateway:Requests"). Every request this API takes is a few
/// hundred bytes, so the limits are small: Kestrel's default of 30 MB would let anyone make the gateway buffer and
/// parse megabytes for nothing. Provider callbacks have their own cap of 64 KB (<c>Callbacks/CallbackBody</c>).
/// </summary>
public sealed class RequestLimits
{
    /// <summary>
    /// The largest request body on the HTTP/1.1 port: JSON routes (larger: 413) and anything else read there, except
    /// provider callbacks.
    /// </summary>
    public long MaxJsonBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The largest gRPC request message, native or gRPC-Web (larger: RESOURCE_EXHAUSTED).</summary>
    public int MaxGrpcMessageBytes { get; set; } = 16 * 1024;
}
