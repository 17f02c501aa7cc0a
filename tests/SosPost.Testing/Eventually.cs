using System.Diagnostics;

namespace SosPost.Testing;

/// <summary>
/// The one way tests wait: poll a condition with short, growing delays until a deadline, then fail naming what was
/// awaited. No fixed sleeps: a test is as fast as the system under test and still bounded when it is broken.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(100);

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string because)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (!condition())
        {
            ThrowIfPast(clock, timeout, because);
            Thread.Sleep(delay);
            delay = Grow(delay);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string because, CancellationToken ct = default) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, because, ct);

    /// <summary>For conditions that must do I/O to be checked, such as publishing a probe and looking for it.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (!await condition())
        {
            ThrowIfPast(clock, timeout, because);
            await Task.Delay(delay, ct);
            delay = Grow(delay);
        }
    }

    private static void ThrowIfPast(Stopwatch clock, TimeSpan timeout, string because)
    {
        if (clock.Elapsed >= timeout)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.###} s waiting until {because}.");
        }
    }

    private static TimeSpan Grow(TimeSpan delay) => delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
}
