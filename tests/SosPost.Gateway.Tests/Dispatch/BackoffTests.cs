using SosPost.Gateway.Dispatch;

namespace SosPost.Gateway.Tests.Dispatch;

public sealed class BackoffTests
{
    private static readonly DispatchBackoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    public void Backoff_doubles_from_the_initial_delay_up_to_the_cap(int attempts, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.After(attempts, jitter: 0.5));
    }

    [Fact]
    public void Jitter_spreads_the_delay_over_80_to_120_percent_but_never_past_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(3.2), Backoff.After(3, jitter: 0));
        Assert.InRange(Backoff.After(3, jitter: 0.999999999), TimeSpan.FromSeconds(4.799), TimeSpan.FromSeconds(4.8));
        Assert.Equal(TimeSpan.FromMinutes(5), Backoff.After(20, jitter: 0.999));
        Assert.Equal(TimeSpan.FromMinutes(4), Backoff.After(20, jitter: 0));
    }
}
