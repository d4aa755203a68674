namespace Enerlectra.Grains;

/// <summary>Grain storage provider names; the host decides what stands behind them (memory or PostgreSQL).</summary>
public static class StorageNames
{
    public const string Trading = "trading";
    public const string PubSub = "PubSubStore";
}
