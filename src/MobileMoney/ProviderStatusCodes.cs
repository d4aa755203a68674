namespace Enerlectra.MobileMoney;

/// <summary>One provider's status codes and what each means for us; unknown codes are not mapped.</summary>
internal sealed class ProviderStatusCodes
{
    private readonly bool _ignoreCase;
    private readonly Dictionary<string, CollectionState> _states;

    /// <param name="ignoreCase">Whether codes are compared after <see cref="string.ToUpperInvariant"/>; the table is then upper case.</param>
    /// <param name="codes">Each code and its state.</param>
    public ProviderStatusCodes(bool ignoreCase, params (string Code, CollectionState State)[] codes)
    {
        _ignoreCase = ignoreCase;
        _states = codes.ToDictionary(c => c.Code, c => c.State, StringComparer.Ordinal);
    }

    public bool TryMap(string? code, out CollectionState state)
    {
        string? key = _ignoreCase ? code?.ToUpperInvariant() : code;
        if (key is not null && _states.TryGetValue(key, out state))
        {
            return true;
        }

        state = default;
        return false;
    }
}
