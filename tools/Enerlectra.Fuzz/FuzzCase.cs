namespace Enerlectra.Fuzz;

/// <summary>How a case reaches the server, which decides how its answer is read.</summary>
public enum Transport
{
    Json,
    Grpc,
    GrpcWeb,
    Callback,
    Raw,
}

/// <summary>One hostile request, reproducible from the run's seed and its index.</summary>
public sealed record FuzzCase(int Index, string Kind, Transport Transport, Func<HttpRequestMessage> Build)
{
    public string Describe(HttpRequestMessage request) => $"#{Index} {Kind}: {request.Method} {request.RequestUri}";
}
