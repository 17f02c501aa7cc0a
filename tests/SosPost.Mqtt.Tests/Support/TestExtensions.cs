namespace SosPost.Mqtt.Tests.Support;

internal static class TestExtensions
{
    /// <summary>Awaits with a generous bound, so a broken test fails with a message instead of hanging the run.</summary>
    public static Task Within(this Task task, int seconds = 15) => task.WaitAsync(TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken);

    public static Task<T> Within<T>(this Task<T> task, int seconds = 15) => task.WaitAsync(TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken);
}
