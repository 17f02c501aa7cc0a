namespace SosPost.Mqtt.Tests;

public sealed class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Each_delay_lies_between_the_minimum_and_a_cap_that_doubles_up_to_the_maximum()
    {
        var backoff = new Backoff(Min, Max, new Random(1));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var cap = TimeSpan.FromTicks(Math.Min(Max.Ticks, Min.Ticks << (attempt + 1)));
            Assert.InRange(backoff.Next(), Min, cap);
        }
    }

    [Fact]
    public void Delays_are_jittered_so_clients_spread_out()
    {
        var delays = Enumerable.Range(0, 50).Select(seed => new Backoff(Min, Max, new Random(seed))).Select(b => b.Next()).ToHashSet();

        Assert.True(delays.Count > 40, $"only {delays.Count} distinct first delays");
    }

    [Fact]
    public void Late_attempts_reach_the_maximum_range_and_reset_starts_over()
    {
        var backoff = new Backoff(Min, Max, new Random(3));
        var late = Enumerable.Range(0, 200).Select(_ => backoff.Next()).Skip(100).ToList();
        backoff.Reset();

        Assert.Contains(late, d => d > Max / 2);
        Assert.InRange(backoff.Next(), Min, Min * 2);
    }
}
