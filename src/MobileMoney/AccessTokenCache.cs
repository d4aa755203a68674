namespace Enerlectra.MobileMoney;

/// <summary>
/// Holds the current Bearer token so that all calls share it. Refreshing goes through one gate so a burst of
/// calls after expiry asks the provider for a single token instead of one each (providers rate-limit their token endpoints).
/// </summary>
internal sealed class AccessTokenCache(TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private AccessToken? _current;

    public async Task<AccessToken> GetAsync(
        Func<CancellationToken, Task<AccessToken>> fetch,
        CancellationToken cancellationToken)
    {
        AccessToken? token = Volatile.Read(ref _current);
        if (IsFresh(token))
        {
            return token!;
        }

        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            token = Volatile.Read(ref _current);
            if (IsFresh(token))
            {
                return token!;
            }

            token = await fetch(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Drops <paramref name="rejected"/> unless another caller has already replaced it.</summary>
    public void Invalidate(AccessToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    private bool IsFresh(AccessToken? token) => token is not null && timeProvider.GetUtcNow() < token.RefreshAfter;
}
