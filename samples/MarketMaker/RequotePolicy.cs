namespace Enerlectra.MarketMaker;

/// <summary>Which quotes a fill moves.</summary>
public enum RequotePolicy
{
    /// <summary>Only the side that traded is cancel-replaced; the other side keeps its queue places.</summary>
    FilledSide,

    /// <summary>Both sides move to the new (skewed) mid.</summary>
    BothSides,
}
