using System.Net;
using Enerlectra.Abstractions.WebSessions;
using Enerlectra.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.IntegrationTests.WebSessions;

/// <summary>
/// Web sessions at the end of their lifetime, over real HTTP against a real gateway whose lifetimes are seconds (set
/// through the WebSessions options): an expired refresh token is refused and changes nothing, and a family is deleted
/// from storage once it has been expired (or revoked and expired) for WebSessions:KeptAfterExpiry.
/// </summary>
public sealed class SessionLifetimeTests(SessionLifetimeTests.Fixture fixture) : IClassFixture<SessionLifetimeTests.Fixture>
{
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromSeconds(8);

    public sealed class Fixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["WebSessions:AccessLifetime"] = "00:00:01",
            ["WebSessions:RefreshLifetime"] = RefreshLifetime.ToString(),
            ["WebSessions:KeptAfterExpiry"] = KeptAfterExpiry.ToString(),
        };
    }

    private IWebSessionFamilyGrain Family(string familyId) =>
        fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebSessionFamilyGrain>(familyId);

    [Fact]
    public async Task A_refresh_after_the_refresh_tokens_lifetime_is_refused_with_a_message_and_changes_nothing()
    {
        using var browser = new BrowserSession(fixture.Host.HttpPort);
        var user = ApiClients.NewUserId("web");
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(user)).Status);
        var signedInAt = DateTimeOffset.UtcNow; // the refresh token was issued before this: it expires before signedInAt + 2 s
        var (familyId, expired) = (browser.FamilyId, browser.Refresh!);
        var before = await Family(familyId).GetAsync();

        // Past the refresh lifetime, well before the family is deleted.
        await Task.Delay(signedInAt + RefreshLifetime + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow);
        var refresh = await browser.RefreshAsync();

        JsonCalls.AssertError(refresh.AsCall(), HttpStatusCode.Unauthorized, 16, "The session has expired. Sign in again.");
        Assert.All(refresh.SetCookies, c => Assert.Contains("expires=Thu, 01 Jan 1970", c, StringComparison.OrdinalIgnoreCase));
        Assert.Null(browser.Refresh);

        // Nothing was rotated, revoked or recorded: the same token again is still just expired, not a reuse.
        var after = await Family(familyId).GetAsync();
        Assert.Equal((0, before.Events.Count, before.IsActive, user), (after.Rotations, after.Events.Count, after.IsActive, after.UserId));
        browser.Refresh = expired;
        var again = await browser.RefreshAsync();
        JsonCalls.AssertError(again.AsCall(), HttpStatusCode.Unauthorized, 16, "expired");
        Assert.Equal(0, (await Family(familyId).GetAsync()).Rotations);
        Assert.DoesNotContain((await Family(familyId).GetAsync()).Events, e => e.Kind == WebSessionEventKind.RefreshReused);
    }

    [Fact]
    public async Task Expired_and_revoked_families_are_deleted_from_storage_after_they_have_been_expired_for_the_kept_time()
    {
        var user = ApiClients.NewUserId("web");
        using var expiring = new BrowserSession(fixture.Host.HttpPort);
        var signedInAt = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await expiring.SignInAsync(user)).Status);
        var expiringFamily = expiring.FamilyId;

        using var revoked = new BrowserSession(fixture.Host.HttpPort);
        Assert.Equal(HttpStatusCode.OK, (await revoked.SignInAsync(user)).Status);
        var revokedFamily = revoked.FamilyId;
        Assert.Equal(HttpStatusCode.NoContent, (await revoked.SignOutAsync()).Status);
        Assert.False((await Family(revokedFamily).GetAsync()).IsActive);

        // Kept (and so still explaining itself) while within KeptAfterExpiry of its expiry.
        await Task.Delay(signedInAt + RefreshLifetime + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow);
        Assert.Equal(user, (await Family(expiringFamily).GetAsync()).UserId);
        Assert.Contains((await Family(revokedFamily).GetAsync()).Events, e => e.Kind == WebSessionEventKind.Revoked);

        // Then both are deleted: the grains read back empty from storage, not active, with nothing recorded.
        foreach (var familyId in new[] { expiringFamily, revokedFamily })
        {
            var gone = await Eventually.UntilAsync(
                () => Family(familyId).GetAsync(), f => f.UserId.Length == 0, $"family {familyId} to be deleted", TimeSpan.FromSeconds(60));
            Assert.Equal((false, 0, 0), (gone.IsActive, gone.Rotations, gone.Events.Count));
        }

        // A deleted family's refresh token is refused like an ended one.
        expiring.Refresh ??= expiringFamily + ".x";
        JsonCalls.AssertError((await expiring.RefreshAsync()).AsCall(), HttpStatusCode.Unauthorized, 16, "Sign in again");
    }
}
