using SosPost.Simulator.Adapters;

namespace SosPost.Simulator.Tests;

public sealed class VirtualButtonTests
{
    [Fact]
    public async Task Presses_from_many_threads_are_each_taken_once()
    {
        var button = new VirtualButton();
        var taken = 0;
        using var done = new CancellationTokenSource();
        var taker = Task.Run(
            () =>
            {
                while (!done.IsCancellationRequested)
                {
                    if (button.TakeEdge())
                    {
                        taken++;
                    }
                }
            },
            TestContext.Current.CancellationToken);

        Parallel.For(0, 10000, _ => button.Press());
        await done.CancelAsync();
        await taker;
        while (button.TakeEdge())
        {
            taken++;
        }

        Assert.Equal(10000, taken);
    }
}
