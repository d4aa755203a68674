using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Enerlectra.Testing;

/// <summary>
/// Credits generation the way production does: an operator registers a meter for the user, then that meter reports.
/// Each call uses a fresh meter identity, commissioned two hours ago with a capacity of <c>wh</c> W and read one hour
/// later, so its allowance is exactly the amount: the tests get their energy without the rule being loosened.
/// </summary>
public static class MeteredGeneration
{
    /// <summary>What the operator registers meters as (any operator may).</summary>
    public const string OperatorId = "ops-meters";

    public static async Task<Wallet> CreditAsync(GrpcChannel channel, string userId, long wh)
    {
        var meterId = "meter-" + Guid.NewGuid().ToString("N")[..16];
        var commissionedAt = DateTimeOffset.UtcNow.AddHours(-2);
        await RegisterAsync(channel, meterId, userId, Math.Clamp(wh, 1, 10_000_000), commissionedAt);
        var reading = new RecordReadingRequest
        {
            UserId = userId,
            ReadingId = Guid.NewGuid().ToString("N"),
            GeneratedWh = wh,
            ReadAt = Timestamp.FromDateTimeOffset(commissionedAt.AddHours(1)),
        };
        return await new MeterService.MeterServiceClient(channel).RecordReadingAsync(reading, await TokenAsync(channel, meterId, "meter"));
    }

    /// <summary>An operator binds <paramref name="meterId"/> to <paramref name="userId"/>.</summary>
    public static async Task<MeterRegistration> RegisterAsync(GrpcChannel channel, string meterId, string userId, long capacityW, DateTimeOffset? commissionedAt)
    {
        var request = new RegisterMeterRequest
        {
            MeterId = meterId,
            UserId = userId,
            CapacityW = capacityW,
            CommissionedAt = commissionedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        return await new MeterRegistryService.MeterRegistryServiceClient(channel).RegisterMeterAsync(request, await TokenAsync(channel, OperatorId, "operator"));
    }

    private static async Task<Metadata> TokenAsync(GrpcChannel channel, string subject, string role)
    {
        var request = new IssueDevTokenRequest { UserId = subject };
        request.Roles.Add(role);
        var token = await new AuthService.AuthServiceClient(channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {token.AccessToken}" } };
    }
}
