using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Over the real gateway: a meter token credits only the users an operator registered it for, and no more than its
/// capacity generates since its previous reading; operators may still correct anyone's generation.
/// </summary>
public sealed class MeterTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    /// <summary>Ten hours ago, in whole seconds: readings are timed from here, all in the past.</summary>
    private static DateTimeOffset Start()
    {
        var ticks = DateTimeOffset.UtcNow.AddHours(-10).UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static RecordReadingRequest Reading(string userId, string readingId, long wh, DateTimeOffset? readAt) => new()
    {
        UserId = userId,
        ReadingId = readingId,
        GeneratedWh = wh,
        ReadAt = readAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };

    private async Task<(string MeterId, Metadata Token)> RegisteredMeterAsync(string userId, long capacityW, DateTimeOffset commissionedAt)
    {
        var meterId = ApiClients.NewUserId("meter");
        await MeteredGeneration.RegisterAsync(fixture.Host.Channel, meterId, userId, capacityW, commissionedAt);
        return (meterId, await Api.TokenAsync(meterId, "meter"));
    }

    private static async Task<RpcException> RefusedAsync<T>(StatusCode code, string field, Func<AsyncUnaryCall<T>> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.Equal(code, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field"));
        return error;
    }

    private async Task<Wallet> WalletAsync(string userId) => await Api.WalletAsync(userId, await Api.TokenAsync(userId));

    [Fact]
    public async Task A_meter_token_cannot_credit_a_user_it_is_not_registered_for()
    {
        var user = ApiClients.NewUserId("alice");
        var other = ApiClients.NewUserId("bob");
        var stranger = await Api.TokenAsync(ApiClients.NewUserId("meter"), "meter");

        var error = await RefusedAsync(StatusCode.PermissionDenied, "userId", () => Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1_000, null), stranger));
        Assert.Contains("not registered", error.Status.Detail);

        // A meter registered for bob is still nobody's meter for alice.
        var (_, bobsMeter) = await RegisteredMeterAsync(other, 10_000, Start());
        await RefusedAsync(StatusCode.PermissionDenied, "userId", () => Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1_000, null), bobsMeter));

        var wallet = await WalletAsync(user);
        Assert.Equal((0L, 0L), (wallet.GeneratedWh, wallet.AvailableWh));
    }

    [Fact]
    public async Task Over_capacity_is_refused_with_the_reason_and_within_capacity_is_credited()
    {
        var user = ApiClients.NewUserId("alice");
        var t0 = Start();
        var (_, meter) = await RegisteredMeterAsync(user, 3_000, t0);

        // 3 kW for 20 minutes is 1,000 Wh.
        var error = await RefusedAsync(StatusCode.FailedPrecondition, "generatedWh",
            () => Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1_500, t0.AddMinutes(20)), meter));
        Assert.Contains("at most 1000 Wh", error.Status.Detail);
        Assert.Contains("1200 s", error.Status.Detail);
        Assert.Equal(0, (await WalletAsync(user)).GeneratedWh);

        var wallet = await Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1_000, t0.AddMinutes(20)), meter);
        Assert.Equal((1_000L, 1_000L), (wallet.GeneratedWh, wallet.AvailableWh));

        // Without a time the reading is "now": the ~9.7 hours since the previous one allow it.
        wallet = await Api.Meters.RecordReadingAsync(Reading(user, "r-2", 25_000, null), meter);
        Assert.Equal(26_000, wallet.GeneratedWh);
    }

    [Fact]
    public async Task A_reading_time_not_after_the_previous_reading_is_refused()
    {
        var user = ApiClients.NewUserId("alice");
        var t0 = Start();
        var (_, meter) = await RegisteredMeterAsync(user, 1_000, t0);
        await Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1_000, t0.AddHours(2)), meter);

        var error = await RefusedAsync(StatusCode.FailedPrecondition, "readAt", () => Api.Meters.RecordReadingAsync(Reading(user, "r-2", 100, t0.AddHours(1)), meter));
        Assert.Contains("previous reading 'r-1'", error.Status.Detail);
        await RefusedAsync(StatusCode.FailedPrecondition, "readAt", () => Api.Meters.RecordReadingAsync(Reading(user, "r-2", 100, t0.AddHours(2)), meter));
        await RefusedAsync(StatusCode.InvalidArgument, "readAt", () => Api.Meters.RecordReadingAsync(Reading(user, "r-2", 100, DateTimeOffset.UtcNow.AddHours(1)), meter));
        Assert.Equal(1_000, (await WalletAsync(user)).GeneratedWh);
    }

    [Fact]
    public async Task Repeating_a_reading_is_idempotent_and_another_value_under_its_id_conflicts()
    {
        var user = ApiClients.NewUserId("alice");
        var t0 = Start();
        var (meterId, meter) = await RegisteredMeterAsync(user, 2_000, t0);
        var first = await Api.Meters.RecordReadingAsync(Reading(user, "r-1", 2_000, t0.AddHours(1)), meter);
        Assert.Equal(2_000, first.GeneratedWh);
        var second = await Api.Meters.RecordReadingAsync(Reading(user, "r-2", 1_000, t0.AddHours(2)), meter);
        Assert.Equal(3_000, second.GeneratedWh);

        // A retry of r-1 (its time now before the latest reading), with or without its time: the same wallet.
        Assert.Equal(second, await Api.Meters.RecordReadingAsync(Reading(user, "r-1", 2_000, t0.AddHours(1)), meter));
        Assert.Equal(second, await Api.Meters.RecordReadingAsync(Reading(user, "r-1", 2_000, null), meter));
        await RefusedAsync(StatusCode.AlreadyExists, "readingId", () => Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1_999, t0.AddHours(1)), meter));
        Assert.Equal(second, await WalletAsync(user));

        var operatorToken = await Api.TokenAsync("ops-1", "operator");
        var binding = (await Api.MeterRegistry.GetMeterAsync(new GetMeterRequest { MeterId = meterId }, operatorToken)).Bindings.Single();
        Assert.Equal((user, "r-2", 3_000L, 2L), (binding.UserId, binding.LastReadingId, binding.GeneratedWh, binding.ReadingCount));
        Assert.Equal(t0.AddHours(2), binding.LastReadAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task An_operator_may_correct_anyones_generation_bounded_per_reading_and_once_per_id()
    {
        var user = ApiClients.NewUserId("alice");
        var operatorToken = await Api.TokenAsync("ops-1", "operator");

        // No meter is registered for the user: operators are trusted to correct, without a time or capacity.
        var corrected = await Api.Meters.RecordReadingAsync(Reading(user, "fix-1", 2_000, null), operatorToken);
        Assert.Equal(2_000, corrected.GeneratedWh);
        var otherOperator = await Api.TokenAsync("ops-2", "operator");
        Assert.Equal(corrected, await Api.Meters.RecordReadingAsync(Reading(user, "fix-1", 2_000, null), otherOperator));
        await RefusedAsync(StatusCode.AlreadyExists, "readingId", () => Api.Meters.RecordReadingAsync(Reading(user, "fix-1", 3_000, null), operatorToken));
        await RefusedAsync(StatusCode.InvalidArgument, "generatedWh", () => Api.Meters.RecordReadingAsync(Reading(user, "fix-2", 1_000_001, null), operatorToken));

        // A meter's reading id never collides with a correction's.
        var t0 = Start();
        var (_, meter) = await RegisteredMeterAsync(user, 1_000, t0);
        Assert.Equal(3_000, (await Api.Meters.RecordReadingAsync(Reading(user, "fix-1", 1_000, t0.AddHours(1)), meter)).GeneratedWh);
        Assert.Equal(3_000, (await WalletAsync(user)).GeneratedWh);
    }

    [Fact]
    public async Task Only_operators_manage_the_registry()
    {
        var user = ApiClients.NewUserId("alice");
        var meterId = ApiClients.NewUserId("meter");
        var meter = await Api.TokenAsync(meterId, "meter");
        var self = await Api.TokenAsync(user);
        var register = new RegisterMeterRequest { MeterId = meterId, UserId = user, CapacityW = 10_000_000 };

        foreach (var caller in new[] { meter, self })
        {
            await AssertDeniedAsync(() => Api.MeterRegistry.RegisterMeterAsync(register, caller));
            await AssertDeniedAsync(() => Api.MeterRegistry.GetMeterAsync(new GetMeterRequest { MeterId = meterId }, caller));
            await AssertDeniedAsync(() => Api.MeterRegistry.UnregisterMeterAsync(new UnregisterMeterRequest { MeterId = meterId, UserId = user }, caller));
        }

        var operatorToken = await Api.TokenAsync("ops-1", "operator");
        await RefusedAsync(StatusCode.NotFound, "meterId", () => Api.MeterRegistry.GetMeterAsync(new GetMeterRequest { MeterId = meterId }, operatorToken));
        await RefusedAsync(StatusCode.InvalidArgument, "capacityW", () => Api.MeterRegistry.RegisterMeterAsync(new RegisterMeterRequest { MeterId = meterId, UserId = user }, operatorToken));
        await RefusedAsync(StatusCode.InvalidArgument, "meterId", () => Api.MeterRegistry.RegisterMeterAsync(new RegisterMeterRequest { MeterId = "no spaces", UserId = user, CapacityW = 1 }, operatorToken));

        var registered = await Api.MeterRegistry.RegisterMeterAsync(register, operatorToken);
        Assert.Equal((user, true, "ops-1"), (registered.Bindings.Single().UserId, registered.Bindings.Single().Active, registered.Bindings.Single().UpdatedBy));
        var removed = await Api.MeterRegistry.UnregisterMeterAsync(new UnregisterMeterRequest { MeterId = meterId, UserId = user }, operatorToken);
        Assert.False(removed.Bindings.Single().Active);
        await RefusedAsync(StatusCode.PermissionDenied, "userId", () => Api.Meters.RecordReadingAsync(Reading(user, "r-1", 1, null), meter));
    }

    [Fact]
    public async Task Over_json_the_registry_and_the_refusals_carry_their_reasons()
    {
        var user = ApiClients.NewUserId("alice");
        var meterId = ApiClients.NewUserId("meter");
        var operatorToken = await JsonTokenAsync("ops-1", "operator");
        var meterToken = await JsonTokenAsync(meterId, "meter");
        var t0 = Start();

        var (denied, body) = await SendAsync(HttpMethod.Post, "/api/meters/readings", meterToken, new { userId = user, readingId = "r-1", generatedWh = 500 });
        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.Contains("not registered", body.GetProperty("message").GetString());

        var (registered, meter) = await SendAsync(HttpMethod.Put, $"/api/meters/{meterId}/users/{user}", operatorToken,
            new { capacityW = 600, commissionedAt = t0.ToString("O") });
        Assert.Equal(HttpStatusCode.OK, registered);
        Assert.Equal(t0, DateTimeOffset.Parse(meter.GetProperty("bindings")[0].GetProperty("commissionedAt").GetString()!));

        var (over, reason) = await SendAsync(HttpMethod.Post, "/api/meters/readings", meterToken,
            new { userId = user, readingId = "r-1", generatedWh = 700, readAt = t0.AddHours(1).ToString("O") });
        Assert.Equal(HttpStatusCode.BadRequest, over);
        Assert.Contains("at most 600 Wh", reason.GetProperty("message").GetString());

        var (ok, wallet) = await SendAsync(HttpMethod.Post, "/api/meters/readings", meterToken,
            new { userId = user, readingId = "r-1", generatedWh = 600, readAt = t0.AddHours(1).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(600, wallet.GetProperty("generatedWh").GetInt64());

        var (removed, _) = await SendAsync(HttpMethod.Delete, $"/api/meters/{meterId}/users/{user}", operatorToken);
        Assert.Equal(HttpStatusCode.OK, removed);
        var (got, state) = await SendAsync(HttpMethod.Get, $"/api/meters/{meterId}", operatorToken);
        Assert.Equal(HttpStatusCode.OK, got);
        Assert.False(state.GetProperty("bindings")[0].GetProperty("active").GetBoolean());
        Assert.Equal("r-1", state.GetProperty("bindings")[0].GetProperty("lastReadingId").GetString());
    }

    private static async Task AssertDeniedAsync<T>(Func<AsyncUnaryCall<T>> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    private async Task<string> JsonTokenAsync(string userId, params string[] roles)
    {
        var response = await fixture.Host.Http.PostAsJsonAsync("/api/auth/dev-token", new { userId, roles });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await fixture.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }
}
