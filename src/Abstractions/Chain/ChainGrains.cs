namespace Enerlectra.Abstractions.Chain;

/// <summary>Keys of the chain singletons (the listener and the mirror queue).</summary>
public static class ChainGrains
{
    public const long SingletonKey = 0;
}
