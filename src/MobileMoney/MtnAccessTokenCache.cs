namespace Enerlectra.MobileMoney;

/// <summary>
/// Holds the current Bearer token so that all calls share it. Refreshing goes through one gate so a burst of
/// calls after expiry asks MTN for a single token instead of one each (MTN rate-limits the token endpoint).
/// </summary>
internal sealed class MtnAccessTokenCache(TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private MtnAccessToken? _current;

    public async Task<MtnAccessToken> GetAsync(
        Func<CancellationToken, Task<MtnAccessToken>> fetch,
        CancellationToken cancellationToken)
    {
        MtnAccessToken? token = Volatile.Read(ref _current);
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
    public void Invalidate(MtnAccessToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    private bool IsFresh(MtnAccessToken? token) => token is not null && timeProvider.GetUtcNow() < token.RefreshAfter;
}
