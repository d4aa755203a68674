using Enerlectra.Abstractions.WebSessions;
using Microsoft.Extensions.Caching.Memory;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// Whether a family's access tokens still work, asked of its grain at most once per
/// <see cref="WebSessionOptions.RevocationCheckInterval"/> per family on this gateway. What this gateway revokes itself
/// is known here at once.
/// </summary>
public sealed class WebSessionRevocations(IGrainFactory grains, IMemoryCache cache, WebSessionOptions options)
{
    public async ValueTask<bool> IsActiveAsync(string familyId)
    {
        var key = Key(familyId);
        if (cache.TryGetValue(key, out bool active))
        {
            return active;
        }

        active = await grains.GetGrain<IWebSessionFamilyGrain>(familyId).IsActiveAsync();
        Remember(familyId, active);
        return active;
    }

    public void MarkActive(string familyId) => Remember(familyId, true);

    public async Task RevokeAsync(string familyId, string reason)
    {
        await grains.GetGrain<IWebSessionFamilyGrain>(familyId).RevokeAsync(reason);
        MarkRevoked(familyId);
    }

    /// <summary>Revoked is final: remembered until every access token the family could have had has expired.</summary>
    public void MarkRevoked(string familyId) => cache.Set(Key(familyId), false, options.AccessLifetime + TimeSpan.FromMinutes(1));

    private void Remember(string familyId, bool active)
    {
        if (!active)
        {
            MarkRevoked(familyId);
        }
        else if (options.RevocationCheckInterval > TimeSpan.Zero)
        {
            cache.Set(Key(familyId), true, options.RevocationCheckInterval);
        }
    }

    private static string Key(string familyId) => "web-session:" + familyId;
}
