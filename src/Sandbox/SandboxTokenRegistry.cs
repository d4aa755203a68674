using System.Security.Cryptography;

namespace Enerlectra.Sandbox;

/// <summary>The access tokens one provider product has issued, so API calls can be checked and tokens revoked.</summary>
internal sealed class SandboxTokenRegistry(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private long _issued;

    public long Issued => Interlocked.Read(ref _issued);

    public string Issue(TimeSpan lifetime)
    {
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            _tokens[token] = time.GetUtcNow() + lifetime;
        }

        Interlocked.Increment(ref _issued);
        return token;
    }

    public bool IsValid(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out DateTimeOffset expires) && time.GetUtcNow() < expires;
        }
    }

    public bool IsValidBearer(string? authorization) =>
        authorization is not null
        && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
        && IsValid(authorization["Bearer ".Length..]);

    public void Revoke()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }
}
