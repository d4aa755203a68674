using Enerlectra.Api.V1;
using Enerlectra.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>
/// The real gateway (<see cref="TestGateway"/>: Kestrel, co-hosted silo, gRPC + JSON, built as Program.cs builds it,
/// on free ports, with the mobile money sandbox on) and the deployed chain configured.
/// </summary>
public sealed class ChainGateway : IAsyncDisposable
{
    /// <summary>Short, so the expiry test waits seconds; long enough for a sign-and-send round trip.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromSeconds(4);

    private const string SigningKey = "ZW5lcmxlY3RyYS1jaGFpbi10ZXN0cy1zaWduaW5nLWtleSE=";

    private readonly TestGateway _gateway;

    private ChainGateway(TestGateway gateway)
    {
        _gateway = gateway;
        Sandbox = new HttpClient { BaseAddress = gateway.Ports.SandboxUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public GrpcChannel Channel => _gateway.Channel;

    public HttpClient Http => _gateway.Http;

    /// <summary>The in-process mobile money sandbox's control API (/sandbox/{provider}/collections/...).</summary>
    public HttpClient Sandbox { get; }

    public IServiceProvider Services => _gateway.Services;

    public static async Task<ChainGateway> StartAsync(IReadOnlyDictionary<string, string?> chainSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Payouts:Enabled"] = "false",
            ["WalletConnection:ChallengeLifetime"] = ChallengeLifetime.ToString(),
        };
        foreach (var (key, value) in chainSettings)
        {
            settings[key] = value;
        }

        return new ChainGateway(await TestGateway.StartAsync(settings));
    }

    /// <summary>A bearer token for <paramref name="userId"/> from the dev-token route, as metadata for gRPC calls.</summary>
    public async Task<Metadata> AuthAsync(string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.Add(roles);
        var token = await new AuthService.AuthServiceClient(Channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {token.AccessToken}" } };
    }

    public async ValueTask DisposeAsync()
    {
        Sandbox.Dispose();
        await _gateway.DisposeAsync();
    }
}
