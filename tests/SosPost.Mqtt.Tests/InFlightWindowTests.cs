namespace SosPost.Mqtt.Tests;

public sealed class InFlightWindowTests
{
    [Fact]
    public async Task Acquire_beyond_the_limit_waits_until_a_slot_is_released()
    {
        var window = new InFlightWindow(2);
        await window.AcquireAsync(TestContext.Current.CancellationToken);
        await window.AcquireAsync(TestContext.Current.CancellationToken);

        var third = window.AcquireAsync(TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted);
        Assert.Equal((2, 1), (window.InFlight, window.Waiting));

        window.Release();
        await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal((2, 0), (window.InFlight, window.Waiting));
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served()
    {
        var window = new InFlightWindow(1);
        await window.AcquireAsync(TestContext.Current.CancellationToken);
        var first = window.AcquireAsync(TestContext.Current.CancellationToken);
        var second = window.AcquireAsync(TestContext.Current.CancellationToken);

        window.Release();
        await first.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_takes_no_slot()
    {
        var window = new InFlightWindow(1);
        await window.AcquireAsync(TestContext.Current.CancellationToken);
        using var cts = new CancellationTokenSource();
        var waiting = window.AcquireAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1, 0), (window.InFlight, window.Waiting));
        window.Release();
        Assert.Equal(0, window.InFlight);
    }

    [Fact]
    public async Task Raising_the_limit_lets_waiters_through_and_lowering_it_holds_new_ones()
    {
        var window = new InFlightWindow(1);
        await window.AcquireAsync(TestContext.Current.CancellationToken);
        var waiting = window.AcquireAsync(TestContext.Current.CancellationToken);

        window.SetLimit(2);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        window.SetLimit(1);
        window.Release();

        Assert.False(window.AcquireAsync(TestContext.Current.CancellationToken).IsCompleted);
    }
}
