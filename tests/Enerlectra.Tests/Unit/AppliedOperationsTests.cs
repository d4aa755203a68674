using Enerlectra.Grains.Infrastructure;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class AppliedOperationsTests
{
    [Fact]
    public void Recognises_repeats()
    {
        var applied = new AppliedOperations();
        Assert.True(applied.Add("op-1", 10));
        Assert.False(applied.Add("op-1", 10));
        Assert.True(applied.Contains("op-1"));
        Assert.False(applied.Contains("op-2"));
        Assert.Equal(["op-1"], applied.Order);
    }

    [Fact]
    public void Window_is_bounded_and_forgets_the_oldest_first()
    {
        var applied = new AppliedOperations();
        for (var i = 0; i < 10; i++)
        {
            applied.Add("op-" + i, 3);
        }

        Assert.Equal(["op-7", "op-8", "op-9"], applied.Order);
        Assert.False(applied.Contains("op-6"));
        Assert.True(applied.Contains("op-7"));
        // A forgotten id counts as new again; that is the price of a bounded window.
        Assert.True(applied.Add("op-0", 3));
        Assert.False(applied.Contains("op-7"));
    }

    [Fact]
    public void Remove_lets_a_retry_apply_again()
    {
        var applied = new AppliedOperations();
        applied.Add("a", 5);
        applied.Add("b", 5);
        applied.Remove("a");
        applied.Remove("never-added");
        Assert.False(applied.Contains("a"));
        Assert.Equal(["b"], applied.Order);
        Assert.True(applied.Add("a", 5));
    }

    [Fact]
    public void State_loaded_from_storage_is_recognised()
    {
        // Only Order is persisted; the lookup set must be rebuilt from it after activation.
        var loaded = new AppliedOperations { Order = ["x", "y"] };
        Assert.True(loaded.Contains("x"));
        Assert.False(loaded.Add("y", 5));
        Assert.True(loaded.Add("z", 2));
        Assert.Equal(["y", "z"], loaded.Order);
        Assert.False(loaded.Contains("x"));
    }
}
