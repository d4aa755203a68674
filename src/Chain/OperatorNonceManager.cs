using System.Numerics;

namespace Enerlectra.Chain;

/// <summary>
/// The one place that hands out nonces for the operator account. Sends are serialised (sign + submit under one
/// lock) so two concurrent sends can never take the same nonce; after any failure the next send re-reads the
/// account's pending nonce from the node, which is what makes "nonce too low/high" (another sender, a node
/// restart, an evm_revert on a dev chain) heal by itself.
/// </summary>
public sealed class OperatorNonceManager(Func<CancellationToken, Task<BigInteger>> readPendingNonce)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BigInteger? _next;

    /// <summary>The nonce the next send will use if nothing fails first; null when it will be read from the node.</summary>
    public BigInteger? Next => _next;

    /// <summary>
    /// Runs <paramref name="submit"/> with the next nonce. If it returns, the nonce counts as used; if it throws,
    /// the cached nonce is dropped (the node is asked again next time) and the exception propagates.
    /// </summary>
    public async Task<T> SubmitAsync<T>(Func<BigInteger, Task<T>> submit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _next ??= await readPendingNonce(cancellationToken);
            var nonce = _next.Value;
            try
            {
                var result = await submit(nonce);
                _next = nonce + 1;
                return result;
            }
            catch
            {
                _next = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached nonce (after an evm_revert, a node switch, or a transaction replaced elsewhere).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _next = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
