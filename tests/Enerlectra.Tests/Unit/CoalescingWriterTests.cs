using Enerlectra.Grains.Infrastructure;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>
/// The writer is driven from one thread, as a grain's scheduler would; each write waits on a gate the test opens,
/// so which callers share which write is decided by the test, never by timing.
/// </summary>
public class CoalescingWriterTests
{
    private readonly List<TaskCompletionSource> _gates = [];
    private int _failuresReported;

    private CoalescingWriter NewWriter() => new(
        () =>
        {
            // Synchronous continuations on purpose: opening a gate runs the writer's next step inline, like one grain turn.
            var gate = new TaskCompletionSource();
            _gates.Add(gate);
            return gate.Task;
        },
        () => _failuresReported++);

    [Fact]
    public async Task Callers_during_a_write_share_the_next_write()
    {
        var writer = NewWriter();
        var first = writer.WriteAsync();
        Assert.Single(_gates);

        // These changes happened after the first write began, so the first write cannot cover them.
        var second = writer.WriteAsync();
        var third = writer.WriteAsync();
        var fourth = writer.WriteAsync();
        Assert.Single(_gates);
        Assert.Same(second, third);
        Assert.Same(second, fourth);
        Assert.False(first.IsCompleted);

        _gates[0].SetResult();
        await first;
        Assert.Equal(2, _gates.Count);
        Assert.False(second.IsCompleted, "a caller must not be released before a write that includes its change finishes");

        _gates[1].SetResult();
        await Task.WhenAll(second, third, fourth);
        Assert.Equal(2, _gates.Count);
        Assert.Equal(0, _failuresReported);

        // Idle again: the next caller starts a fresh write at once.
        var fifth = writer.WriteAsync();
        Assert.Equal(3, _gates.Count);
        _gates[2].SetResult();
        await fifth;
    }

    [Fact]
    public async Task A_failed_write_fails_its_callers_and_the_writer_recovers()
    {
        var writer = NewWriter();
        var first = writer.WriteAsync();
        var queuedA = writer.WriteAsync();
        var queuedB = writer.WriteAsync();

        _gates[0].SetResult();
        await first;
        Assert.Equal(2, _gates.Count);

        var failure = new InvalidOperationException("storage is down");
        _gates[1].SetException(failure);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => queuedA));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => queuedB));
        Assert.Equal(1, _failuresReported); // once per failed write, so the grain reloads its state once

        // A failure must not wedge the writer: the next caller gets a new write.
        var after = writer.WriteAsync();
        Assert.Equal(3, _gates.Count);
        _gates[2].SetResult();
        await after;
    }

    [Fact]
    public async Task First_write_failing_does_not_fail_callers_queued_behind_it()
    {
        var writer = NewWriter();
        var first = writer.WriteAsync();
        var queued = writer.WriteAsync();

        _gates[0].SetException(new TimeoutException());
        await Assert.ThrowsAsync<TimeoutException>(() => first);
        Assert.False(queued.IsCompleted);
        Assert.Equal(2, _gates.Count);

        _gates[1].SetResult();
        await queued;
        Assert.Equal(1, _failuresReported);
    }

    [Fact]
    public async Task A_write_that_throws_synchronously_reaches_the_caller()
    {
        var writer = new CoalescingWriter(() => throw new IOException("disk"));
        await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync());
        await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync());
    }
}
